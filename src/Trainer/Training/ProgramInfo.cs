namespace ViST.Trainer.Training;

/// <summary>Program name and version for provenance records.</summary>
public static class ProgramInfo
{
    public static string Describe() =>
        $"vist-train {typeof(ProgramInfo).Assembly.GetName().Version} (.NET {Environment.Version}, TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version})";
}

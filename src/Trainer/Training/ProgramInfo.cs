namespace ViST.Trainer.Training;

/// <summary>Program name, version and command line for provenance records.</summary>
public static class ProgramInfo
{
    public static string Describe() =>
        $"vist-train {typeof(ProgramInfo).Assembly.GetName().Version} (.NET {Environment.Version}, TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version})";

    /// <summary>The command being run as "vist-train ARGS", every absolute path reduced to its last name:
    /// provenance says what was run without recording this machine's folders.</summary>
    public static string PortableCommandLine() =>
        "vist-train " + string.Join(" ", ViST.Cli.CliRunner.Arguments.Select(Portable).Select(Quote));

    /// <summary>An absolute path becomes its file or folder name; anything else stays as typed.</summary>
    public static string Portable(string arg) =>
        Path.IsPathRooted(arg) ? Path.GetFileName(arg.TrimEnd('/', '\\')) : arg;

    static string Quote(string arg) => arg.Length > 0 && !arg.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '$' or '*') ? arg
        : "'" + arg.Replace("'", "'\\''") + "'";
}

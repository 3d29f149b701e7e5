using ViST.Cli;
using ViST.RetinaModel.IO;
using ViST.Trainer.Model;

namespace ViST.Trainer.Training;

/// <summary>Starting weights for fine-tuning (`vist-train train --init`): from a weights file, a run folder or a
/// .vist bundle, strictly checked against the network being trained.</summary>
public static class InitialWeights
{
    /// <summary>The network shape the starting weights were saved from (so `--init` alone picks the video stage
    /// size instead of the recipe's default).</summary>
    public static ViStConfig Config(string source) => Use(source, (path, tensors) => ViStWeights.InferConfig(tensors, path));

    public static void LoadInto(ViStNetwork model, string source) =>
        Use(source, (path, tensors) => { ViStWeights.LoadInto(model, tensors, path); return model; });

    /// <summary>Reads the weights <paramref name="source"/> names and hands them to <paramref name="use"/>; a file that
    /// is not (matching) Vi-ST weights is reported as bad `--init` input.</summary>
    static T Use<T>(string source, Func<string, IReadOnlyDictionary<string, NdArray>, T> use)
    {
        string path = Resolve(source);
        try
        {
            return use(path, SafeTensors.ReadWithMetadata(path).Tensors);
        }
        catch (InvalidDataException e)
        {
            throw new UserInputException($"--init: {e.Message}");
        }
    }

    /// <summary>The weights file that <paramref name="source"/> names.</summary>
    static string Resolve(string source)
    {
        if (File.Exists(source)) return source;
        foreach (var name in new[] { "model.safetensors", "head.safetensors" })
        {
            string candidate = Path.Combine(source, name);
            if (File.Exists(candidate)) return candidate;
        }
        throw new UserInputException(Directory.Exists(source)
            ? $"--init {source}: the folder holds neither model.safetensors (a finished run) nor head.safetensors (a .vist bundle)"
            : $"--init {source}: no such file or folder");
    }
}

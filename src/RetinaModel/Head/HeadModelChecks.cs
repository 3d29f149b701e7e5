using Microsoft.ML.OnnxRuntime;

namespace ViST.RetinaModel.Head;

/// <summary>Checks that a head ONNX file has the inputs the runtime will feed, with clear errors otherwise.</summary>
internal static class HeadModelChecks
{
    /// <summary>-1 in <paramref name="dims"/> accepts any (symbolic) size.</summary>
    public static void RequireInput(InferenceSession s, string name, string what, params long[] dims)
    {
        if (!s.InputMetadata.TryGetValue(name, out var meta))
            throw new InvalidDataException($"{what}: the model has no input '{name}' (inputs: {string.Join(", ", s.InputMetadata.Keys)})");
        var got = meta.Dimensions;
        bool ok = got.Length == dims.Length;
        for (int i = 0; ok && i < dims.Length; i++) ok = dims[i] < 0 || got[i] < 0 || got[i] == dims[i];
        if (!ok)
            throw new InvalidDataException($"{what}: input '{name}' has shape [{string.Join(",", got)}], expected [{string.Join(",", dims.Select(d => d < 0 ? "*" : d.ToString()))}]");
    }
}

namespace ViST.RetinaModel.Head;

/// <summary>Rejects features that would silently poison the head's state (NaN or infinity).</summary>
internal static class FeatureChecks
{
    public static void RequireFinite(ReadOnlySpan<float> features, int patchValues, string what)
    {
        int bad = IndexOfNonFinite(features);
        if (bad < 0) return;
        throw new InvalidDataException(
            $"{what}: features contain {features[bad]} at frame/stream {bad / patchValues}, value {bad % patchValues} " +
            "(the backbone produced a non-finite value; check its ONNX file and input)");
    }

    static int IndexOfNonFinite(ReadOnlySpan<float> v)
    {
        for (int i = 0; i < v.Length; i++)
            if (!float.IsFinite(v[i])) return i;
        return -1;
    }
}

using System.Numerics;

namespace ViST.RetinaModel.Head;

/// <summary>Rejects features that would silently poison the head's state (NaN or infinity).</summary>
internal static class FeatureChecks
{
    /// <param name="frame">The streaming step the features are for (named in the message), or -1 for a whole window.</param>
    public static void RequireFinite(ReadOnlySpan<float> features, int patchValues, string what, long frame = -1)
    {
        int bad = IndexOfNonFinite(features);
        if (bad < 0) return;
        // the message is built only here: this check runs every frame of a live run, which must not allocate
        string where = frame >= 0 ? $"{what} (frame {frame})" : what;
        throw new InvalidDataException(
            $"{where}: features contain {features[bad]} at frame/stream {bad / patchValues}, value {bad % patchValues} " +
            "(the backbone produced a non-finite value; check its ONNX file and input)");
    }

    /// <summary>Rejects non-finite rates [streams, cells] after a step: what non-finite features on the GPU (which the host
    /// does not read) or an overflowing head give.</summary>
    public static void RequireFiniteRates(ReadOnlySpan<float> rates, int cells, string what, long frame)
    {
        int bad = IndexOfNonFinite(rates);
        if (bad < 0) return;
        throw new InvalidDataException(
            $"{what} (frame {frame}): rate {rates[bad]} for stream {bad / cells}, cell {bad % cells} " +
            "(non-finite or overflowing features from the backbone; check its ONNX file and input)");
    }

    /// <summary>Vectorised: x - x is 0 for every finite x and NaN for NaN and infinities. Runs every frame, so it is cheap.</summary>
    static int IndexOfNonFinite(ReadOnlySpan<float> v)
    {
        var vectors = System.Runtime.InteropServices.MemoryMarshal.Cast<float, Vector<float>>(v);
        int i = 0;
        foreach (var x in vectors)
        {
            if (!Vector.EqualsAll(x - x, Vector<float>.Zero)) break;
            i += Vector<float>.Count;
        }
        for (; i < v.Length; i++)
            if (!float.IsFinite(v[i])) return i;
        return -1;
    }
}

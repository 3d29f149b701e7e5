namespace ViST.RetinaModel.Data.Dryad;

/// <summary>Reads Dryad stimulus frames: one raw uint8 file per frame, 360x360, stored column-major (MATLAB's
/// fread(f, [360 360], 'uint8') puts byte k at row k mod 360, column k div 360), so they are transposed here to the
/// project's row-major, top-row-first frames.</summary>
public static class DryadStimulus
{
    public const int Size = 360;

    /// <summary>All frames of a movie folder, [F,360,360] row-major.</summary>
    public static byte[] ReadMovie(string folder, out int frameCount)
    {
        var files = DryadLayout.FrameFiles(folder);
        frameCount = files.Length;
        var frames = new byte[(long)files.Length * Size * Size];
        for (int i = 0; i < files.Length; i++)
            ReadFrame(files[i], frames.AsSpan(i * Size * Size, Size * Size));
        return frames;
    }

    public static void ReadFrame(string file, Span<byte> rowMajor)
    {
        var raw = File.ReadAllBytes(file);
        if (raw.Length != Size * Size)
            throw new InvalidDataException($"{file}: {raw.Length} bytes, expected a raw {Size}x{Size} uint8 frame ({Size * Size} bytes)");
        for (int col = 0; col < Size; col++)
            for (int row = 0; row < Size; row++)
                rowMajor[row * Size + col] = raw[col * Size + row];
    }
}

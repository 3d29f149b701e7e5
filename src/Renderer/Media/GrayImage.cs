using System.Text;

namespace ViST.Renderer.Media;

/// <summary>An 8-bit gray image, rows top to bottom. Pixel values are read as linear luminance * 255.</summary>
public sealed record GrayImage(int Width, int Height, byte[] Pixels)
{
    /// <summary>Decodes a PNG/JPEG/... through ffmpeg (no image library needed), or reads a .raw file of
    /// <paramref name="rawSize"/> (default 360x360) bytes.</summary>
    public static GrayImage Load(string path, (int Width, int Height)? rawSize = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such image file", path);
        if (path.EndsWith(".raw", StringComparison.OrdinalIgnoreCase)) return LoadRaw(path, rawSize ?? (FrameSpec.Width, FrameSpec.Height));
        using var ff = FfmpegProcess.Reader(path, "-v", "error", "-nostdin", "-i", path, "-frames:v", "1",
            "-f", "image2pipe", "-vcodec", "pgm", "-pix_fmt", "gray", "pipe:1");
        using var ms = new MemoryStream();
        ff.Output.CopyTo(ms);
        if (ff.WaitForFailure() is { } err) throw new InvalidDataException($"{path}: cannot decode the image: {err}");
        return ParsePgm(ms.ToArray(), path);
    }

    static GrayImage LoadRaw(string path, (int Width, int Height) size)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length != (long)size.Width * size.Height)
            throw new InvalidDataException($"{path}: a .raw image must hold width*height = {size.Width}*{size.Height} bytes " +
                $"(8-bit gray; set raw_size_px for other sizes); the file has {bytes.Length}");
        return new GrayImage(size.Width, size.Height, bytes);
    }

    /// <summary>Binary PGM ("P5 width height 255", one byte per pixel), what ffmpeg's pgm encoder writes.</summary>
    static GrayImage ParsePgm(byte[] data, string path)
    {
        int pos = 0;
        string Token()
        {
            while (pos < data.Length && char.IsWhiteSpace((char)data[pos])) pos++;
            int start = pos;
            while (pos < data.Length && !char.IsWhiteSpace((char)data[pos])) pos++;
            return Encoding.ASCII.GetString(data, start, pos - start);
        }
        if (Token() != "P5" || !int.TryParse(Token(), out int w) || !int.TryParse(Token(), out int h) || Token() != "255")
            throw new InvalidDataException($"{path}: ffmpeg did not return an 8-bit gray image");
        pos++; // the single whitespace after maxval
        if (data.Length - pos < (long)w * h) throw new InvalidDataException($"{path}: the decoded image is truncated");
        return new GrayImage(w, h, data.AsSpan(pos, w * h).ToArray());
    }
}

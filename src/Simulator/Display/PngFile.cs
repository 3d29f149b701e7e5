using System.Runtime.InteropServices;
using SkiaSharp;

namespace ViST.Simulator.Display;

/// <summary>Writes RGBA pixels (top row first) as a PNG file (window screenshots).</summary>
public static class PngFile
{
    public static void Write(string path, byte[] rgba, int width, int height)
    {
        if (rgba.Length != width * height * 4) throw new ArgumentException($"{width}x{height} RGBA needs {width * height * 4} bytes, got {rgba.Length}");
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        data.SaveTo(file);
    }
}

namespace ViST.RetinaModel.Runtime;

/// <summary>
/// The useful part of a failed native library load. .NET's DllNotFoundException text is a paragraph of advice
/// followed by one "PATH: cannot open shared object file: ..." line per place it looked; TorchSharp wraps it in a
/// NotSupportedException and ONNX Runtime in a TypeInitializationException. Errors quote the loader's first reason.
/// </summary>
public static class NativeLoadFailure
{
    /// <summary>The loader's reason: for a library that is there, the dependency or symbol version it lacks (the
    /// real cause); else the first place looked at ("PATH: cannot open shared object file: No such file or
    /// directory"); else the first line of the innermost message.</summary>
    public static string Reason(Exception e)
    {
        var root = e;
        while (root.InnerException != null) root = root.InnerException;
        var lines = root.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var loader = lines.Where(l => l.Contains("cannot open shared object file") || l.Contains("version `")).ToList();
        return loader.FirstOrDefault(IsAboutAFileThatExists) ?? loader.FirstOrDefault() ?? (lines.Length > 0 ? lines[0] : root.GetType().Name);
    }

    /// <summary>"libdep.so: cannot open..." (a dependency, named without a folder) or "/there/lib.so: ..." for a file
    /// that exists: the loader found the library and failed on what it needs.</summary>
    static bool IsAboutAFileThatExists(string line)
    {
        string subject = line[..line.IndexOf(':')];
        return !Path.IsPathRooted(subject) || File.Exists(subject);
    }
}

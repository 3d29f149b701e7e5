using System.Text.RegularExpressions;
using Silk.NET.OpenGL;

namespace ViST.Renderer.Gl;

/// <summary>
/// The GLSL sources of shaders/ (one file per stimulus family), read once at start. Compile and link errors
/// are rethrown with the file name and line, e.g. "shaders/grating.frag:12: error: ...".
/// </summary>
public sealed partial class ShaderLibrary
{
    readonly Dictionary<string, string> _sources;
    public string Folder { get; }

    ShaderLibrary(string folder, Dictionary<string, string> sources) { Folder = folder; _sources = sources; }

    /// <summary>The shaders/ folder beside the program (Renderer.csproj copies it there).</summary>
    public static string DefaultFolder => Path.Combine(AppContext.BaseDirectory, "shaders");

    public static ShaderLibrary Load(string? folder = null)
    {
        folder ??= DefaultFolder;
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"{folder}: shader folder not found");
        var sources = Directory.EnumerateFiles(folder)
            .Where(f => f.EndsWith(".vert", StringComparison.Ordinal) || f.EndsWith(".frag", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetFileName(f), File.ReadAllText, StringComparer.Ordinal);
        return new ShaderLibrary(folder, sources);
    }

    string PathOf(string name) => Path.Combine(Folder, name);

    internal uint Build(GL gl, string vertexFile, string fragmentFile)
    {
        uint vs = Compile(gl, ShaderType.VertexShader, vertexFile);
        uint fs = Compile(gl, ShaderType.FragmentShader, fragmentFile);
        uint program = gl.CreateProgram();
        gl.AttachShader(program, vs);
        gl.AttachShader(program, fs);
        gl.LinkProgram(program);
        gl.DeleteShader(vs);
        gl.DeleteShader(fs);
        gl.GetProgram(program, ProgramPropertyARB.LinkStatus, out int ok);
        if (ok == 0)
        {
            string log = gl.GetProgramInfoLog(program).Trim();
            gl.DeleteProgram(program);
            throw new InvalidDataException($"{PathOf(vertexFile)} + {PathOf(fragmentFile)}: link error: {log}");
        }
        return program;
    }

    uint Compile(GL gl, ShaderType type, string file)
    {
        if (!_sources.TryGetValue(file, out var source))
            throw new FileNotFoundException($"{PathOf(file)}: shader file not found", PathOf(file));
        uint shader = gl.CreateShader(type);
        gl.ShaderSource(shader, source);
        gl.CompileShader(shader);
        gl.GetShader(shader, ShaderParameterName.CompileStatus, out int ok);
        if (ok != 0) return shader;
        string log = gl.GetShaderInfoLog(shader);
        gl.DeleteShader(shader);
        throw new InvalidDataException(FormatLog(PathOf(file), log));
    }

    /// <summary>Rewrites Mesa's "0:12(5): error: ..." (and NVIDIA's "0(12) : error ...") as "file:12:5: error: ...".</summary>
    internal static string FormatLog(string path, string log)
    {
        var lines = log.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l =>
            {
                var m = MesaLocation().Match(l);
                if (m.Success) return $"{path}:{m.Groups[1].Value}:{m.Groups[2].Value}: {m.Groups[3].Value}";
                m = NvidiaLocation().Match(l);
                return m.Success ? $"{path}:{m.Groups[1].Value}: {m.Groups[2].Value}" : $"{path}: {l}";
            });
        return "shader compile error\n" + string.Join("\n", lines);
    }

    [GeneratedRegex(@"^\d+:(\d+)\((\d+)\):\s*(.*)$")] private static partial Regex MesaLocation();
    [GeneratedRegex(@"^\d+\((\d+)\)\s*:\s*(.*)$")] private static partial Regex NvidiaLocation();
}

namespace ViST.Trainer.Training;

/// <summary>Program name, version and command line for provenance records.</summary>
public static class ProgramInfo
{
    public static string Describe() =>
        $"vist-train {typeof(ProgramInfo).Assembly.GetName().Version} (.NET {Environment.Version}, TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version})";

    /// <summary>The command being run as "vist-train ARGS", every absolute path made portable (<see cref="Portable"/>):
    /// provenance says what was run without recording this machine's folders.</summary>
    public static string PortableCommandLine() =>
        "vist-train " + string.Join(" ", ViST.Cli.CliRunner.Arguments.Select(a => Portable(a)).Select(Quote));

    /// <summary>An absolute path inside <paramref name="workingDirectory"/> (default: the current one) becomes relative
    /// to it, so a chain of commands run from one folder (`--out study`, then `--init study/pixels-s0`) runs again as
    /// written; any other absolute path becomes its file or folder name; anything else stays as typed.</summary>
    public static string Portable(string arg, string? workingDirectory = null)
    {
        if (!Path.IsPathRooted(arg)) return arg;
        string path = arg.TrimEnd('/', '\\');
        string relative = Path.GetRelativePath(workingDirectory ?? Environment.CurrentDirectory, path);
        return relative != "." && !relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative)
            ? relative : Path.GetFileName(path);
    }

    static string Quote(string arg) => arg.Length > 0 && !arg.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '$' or '*') ? arg
        : "'" + arg.Replace("'", "'\\''") + "'";
}

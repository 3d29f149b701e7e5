using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace ViST.Tests;

/// <summary>What a finished program printed and returned.</summary>
public sealed record ProgramOutput(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Stdout and stderr, for assertion messages.</summary>
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";

    /// <summary>What bad input or a missing piece of software gets: exit code 2 and exactly one line on stderr,
    /// "error: " naming <paramref name="subject"/> (a file, a library, a program) and containing each of
    /// <paramref name="problem"/>; no stack trace anywhere. Returns the line.</summary>
    public string AssertOneErrorLine(string subject, params string[] problem)
    {
        var lines = Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(ExitCode == 2 && lines.Length == 1 && lines[0].StartsWith("error: ", StringComparison.Ordinal), ToString());
        Assert.True(lines[0].Contains(subject, StringComparison.Ordinal), $"the error does not name {subject}: {lines[0]}");
        foreach (var p in problem) Assert.True(lines[0].Contains(p, StringComparison.Ordinal), $"the error does not say '{p}': {lines[0]}");
        Assert.DoesNotContain("   at ", Stdout + Stderr);
        return lines[0];
    }
}

/// <summary>
/// vist or vist-train as a child process, the way users run them: the program built beside the test assembly (a
/// test project that references a program's project gets its apphost, models, scenes and shaders copied there).
/// For failure tests: its exit code and output, or a SIGKILL in the middle of its work.
/// </summary>
public sealed class ProgramProcess : IDisposable
{
    readonly Process _process;
    readonly StringBuilder _stdout = new(), _stderr = new();

    ProgramProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (_stdout) _stdout.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (_stderr) _stderr.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The built program next to the tests ("vist" or "vist-train"), or a program given by its full path.</summary>
    public static string PathOf(string program)
    {
        string path = Path.IsPathRooted(program) ? program : Path.Combine(AppContext.BaseDirectory, program);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path}: not built beside the tests (does the test project reference its project?)", path);
    }

    /// <summary>Starts <paramref name="program"/> in <paramref name="workDir"/> (default: a fresh temporary folder);
    /// <paramref name="environment"/> adds variables, or removes them where the value is null.</summary>
    public static ProgramProcess Start(string program, IEnumerable<string> args, string? workDir = null,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var psi = new ProcessStartInfo(PathOf(program))
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
            WorkingDirectory = workDir ?? TestPaths.TempDir(),
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
            if (value is null) psi.Environment.Remove(name); else psi.Environment[name] = value;
        var process = Process.Start(psi)!;
        process.StandardInput.Close();   // no keyboard: a program waiting for one would hang the test
        return new ProgramProcess(process);
    }

    /// <summary>Runs the program to its end (at most <paramref name="timeoutSeconds"/>).</summary>
    public static ProgramOutput Run(string program, IEnumerable<string> args, string? workDir = null,
        IReadOnlyDictionary<string, string?>? environment = null, double timeoutSeconds = 120)
    {
        using var p = Start(program, args, workDir, environment);
        return p.WaitForExit(timeoutSeconds);
    }

    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public string StdoutSoFar { get { lock (_stdout) return _stdout.ToString(); } }
    public string StderrSoFar { get { lock (_stderr) return _stderr.ToString(); } }

    /// <summary>Waits for the end; a program still running after the timeout is killed and the test fails.</summary>
    public ProgramOutput WaitForExit(double timeoutSeconds = 120)
    {
        if (!_process.WaitForExit(TimeSpan.FromSeconds(timeoutSeconds)))
        {
            Kill();
            throw new TimeoutException($"{_process.StartInfo.FileName} {string.Join(' ', _process.StartInfo.ArgumentList)} still ran after {timeoutSeconds} s\n{StdoutSoFar}\n{StderrSoFar}");
        }
        _process.WaitForExit();   // and for the output readers to finish
        return new ProgramOutput(_process.ExitCode, StdoutSoFar, StderrSoFar);
    }

    /// <summary>SIGKILL: no handler runs, nothing is flushed; what is on disk is what a crash or an OOM kill leaves.</summary>
    public void Kill()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    /// <summary>Sends <paramref name="signal"/> (a POSIX signal number: 15 SIGTERM, 1 SIGHUP, 2 SIGINT), as `kill -N` would.</summary>
    public void Signal(int signal) => Signal(_process.Id, signal);

    /// <summary>Sends <paramref name="signal"/> to process <paramref name="pid"/>, for tests that start their process another way.</summary>
    public static void Signal(int pid, int signal)
    {
        if (kill(pid, signal) != 0) throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    // DllImport, not LibraryImport: the test projects sharing this file do not all allow unsafe code
    [DllImport("libc", SetLastError = true)]
    static extern int kill(int pid, int signal);

    /// <summary>Waits (up to <paramref name="timeoutSeconds"/>) until <paramref name="condition"/> holds while the
    /// program runs; fails if it ends first.</summary>
    public void WaitUntil(Func<bool> condition, string what, double timeoutSeconds = 60)
    {
        var until = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!condition())
        {
            if (_process.HasExited) throw new InvalidOperationException($"the program ended before {what}:\n{WaitForExit()}");
            if (DateTime.UtcNow > until) throw new TimeoutException($"timed out waiting for {what}\n{StdoutSoFar}\n{StderrSoFar}");
            Thread.Sleep(20);
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}

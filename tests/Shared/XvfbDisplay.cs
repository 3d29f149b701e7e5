using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ViST.Tests;

/// <summary>A private Xvfb server for window tests, made the process's DISPLAY while it lives (or only named, for
/// child processes, with <c>setDisplay: false</c>: tests run side by side and DISPLAY is one per process). Where
/// Xvfb is not installed or does not start, the test fails and says why: .ci/run installs it, so a window test
/// never passes without having opened a window.</summary>
public sealed class XvfbDisplay : IDisposable
{
    // GLFW reads the C environment, which Environment.SetEnvironmentVariable does not change.
    [DllImport("libc", EntryPoint = "setenv")]
    static extern int SetEnv(string name, string value, int overwrite);
    [DllImport("libc", EntryPoint = "unsetenv")]
    static extern int UnsetEnv(string name);

    readonly Process _server;
    readonly string? _previous = Environment.GetEnvironmentVariable("DISPLAY");
    readonly bool _setDisplay;

    /// <summary>The server's display name, e.g. ":3".</summary>
    public string Display { get; }

    public XvfbDisplay(string screen = "1280x800x24", bool setDisplay = true)
    {
        _setDisplay = setDisplay;
        string xvfb = new[] { "/usr/bin/Xvfb", "/usr/local/bin/Xvfb" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("Xvfb is not installed; the window tests need it (Debian: sudo apt-get install xvfb; .ci/run installs it)");
        // -displayfd 1: Xvfb picks a free display number itself and prints it once it accepts clients.
        _server = Process.Start(new ProcessStartInfo(xvfb, ["-displayfd", "1", "-screen", "0", screen, "-nolisten", "tcp"])
        { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
        var line = _server.StandardOutput.ReadLineAsync();
        if (!(line.Wait(TimeSpan.FromSeconds(15)) && int.TryParse(line.Result, out _)))
        {
            string why = _server.HasExited ? _server.StandardError.ReadToEnd() : "no display number after 15 s";
            Stop();
            throw new InvalidOperationException($"Xvfb did not start: {why}");
        }
        Display = $":{line.Result}";
        if (!setDisplay) return;
        SetEnv("DISPLAY", Display, 1);
        Environment.SetEnvironmentVariable("DISPLAY", Display);
    }

    public void Dispose()
    {
        if (_setDisplay)
        {
            if (_previous is null) UnsetEnv("DISPLAY"); else SetEnv("DISPLAY", _previous, 1);
            Environment.SetEnvironmentVariable("DISPLAY", _previous);
        }
        Stop();
    }

    void Stop()
    {
        if (!_server.HasExited) _server.Kill();
        _server.WaitForExit();
        _server.Dispose();
    }
}

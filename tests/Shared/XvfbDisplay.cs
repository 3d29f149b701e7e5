using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ViST.Tests;

/// <summary>A private Xvfb server for window tests, made the process's DISPLAY while it lives. Where Xvfb is not
/// installed or does not start, the test fails and says why: .ci/run installs it, so a window test never passes
/// without having opened a window.</summary>
public sealed class XvfbDisplay : IDisposable
{
    // GLFW reads the C environment, which Environment.SetEnvironmentVariable does not change.
    [DllImport("libc", EntryPoint = "setenv")]
    static extern int SetEnv(string name, string value, int overwrite);
    [DllImport("libc", EntryPoint = "unsetenv")]
    static extern int UnsetEnv(string name);

    readonly Process _server;
    readonly string? _previous = Environment.GetEnvironmentVariable("DISPLAY");

    public XvfbDisplay(string screen = "1280x800x24")
    {
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
        string display = $":{line.Result}";
        SetEnv("DISPLAY", display, 1);
        Environment.SetEnvironmentVariable("DISPLAY", display);
    }

    public void Dispose()
    {
        if (_previous is null) UnsetEnv("DISPLAY"); else SetEnv("DISPLAY", _previous, 1);
        Environment.SetEnvironmentVariable("DISPLAY", _previous);
        Stop();
    }

    void Stop()
    {
        if (!_server.HasExited) _server.Kill();
        _server.WaitForExit();
        _server.Dispose();
    }
}

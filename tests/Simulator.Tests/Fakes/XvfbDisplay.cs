using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ViST.Simulator.Tests.Fakes;

/// <summary>A private Xvfb server for window tests, made the process's DISPLAY while it lives. Skips the test,
/// with the reason, where Xvfb is not installed or does not start.</summary>
public sealed partial class XvfbDisplay : IDisposable
{
    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int setenv(string name, string value, int overwrite);
    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int unsetenv(string name);

    readonly Process _server;
    readonly string? _previous = Environment.GetEnvironmentVariable("DISPLAY");

    public XvfbDisplay()
    {
        string? xvfb = new[] { "/usr/bin/Xvfb", "/usr/local/bin/Xvfb" }.FirstOrDefault(File.Exists);
        Skip.If(xvfb is null, "Xvfb is not installed (Debian: apt install xvfb libglfw3); the window was not tested");
        // -displayfd 1: Xvfb picks a free display number itself and prints it once it accepts clients.
        _server = Process.Start(new ProcessStartInfo(xvfb!, ["-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
        { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
        var line = _server.StandardOutput.ReadLineAsync();
        bool ready = line.Wait(TimeSpan.FromSeconds(15)) && int.TryParse(line.Result, out _);
        if (!ready)
        {
            string why = _server.HasExited ? _server.StandardError.ReadToEnd() : "no display number after 15 s";
            Dispose();
            Skip.If(true, $"Xvfb did not start: {why}");
        }
        // GLFW reads the C environment; .NET keeps its own copy: set both.
        string display = $":{line.Result}";
        setenv("DISPLAY", display, 1);
        Environment.SetEnvironmentVariable("DISPLAY", display);
    }

    public void Dispose()
    {
        if (_previous is null) unsetenv("DISPLAY"); else setenv("DISPLAY", _previous, 1);
        Environment.SetEnvironmentVariable("DISPLAY", _previous);
        if (!_server.HasExited) _server.Kill();
        _server.WaitForExit();
        _server.Dispose();
    }
}

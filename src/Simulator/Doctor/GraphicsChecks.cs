using ViST.Renderer;
using ViST.Simulator.Display;

namespace ViST.Simulator.Doctor;

/// <summary>OpenGL without a display (what every run renders with) and the live window.</summary>
public static class GraphicsChecks
{
    public static DoctorCheck OpenGl() => DoctorCheck.Run("opengl", () =>
    {
        using var renderer = new HeadlessRenderer();
        return DoctorCheck.Ok("opengl", $"{renderer.GlRenderer}; OpenGL {renderer.GlVersion} (EGL, no display needed)",
            ("renderer", renderer.GlRenderer), ("version", renderer.GlVersion));
    }, CheckStatus.Missing, DebianPackages.InstallHint(DebianPackages.HeadlessGl));

    /// <summary>Opens a window that is never shown, on the display the environment names.</summary>
    public static DoctorCheck Window()
    {
        if (!LiveWindow.DisplaySet)
            return new("window", CheckStatus.Unavailable, "no display: neither DISPLAY nor WAYLAND_DISPLAY is set; live runs go on without a window",
                "run on a desktop or over ssh -X; headless runs and sweeps need no window");
        string display = Environment.GetEnvironmentVariable("DISPLAY") ?? Environment.GetEnvironmentVariable("WAYLAND_DISPLAY")!;
        return DoctorCheck.Run("window", () =>
        {
            using (new SceneWindow("vist doctor", 64, 64, vsync: false, visible: false)) { }
            return DoctorCheck.Ok("window", $"an OpenGL 3.3 window opens on {display}", ("display", display));
        }, CheckStatus.Unavailable, DebianPackages.InstallHint(DebianPackages.Window));
    }
}

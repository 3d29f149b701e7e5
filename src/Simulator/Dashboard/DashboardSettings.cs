namespace ViST.Simulator.Dashboard;

/// <summary>What `vist run --ui [PORT] [--ui-any-address]` asked for.</summary>
/// <param name="Port">The TCP port (0: any free one).</param>
/// <param name="AnyAddress">Serve every network interface instead of 127.0.0.1 only (no authentication: an explicit choice).</param>
public sealed record DashboardSettings(int Port, bool AnyAddress)
{
    /// <summary>The port of a bare `--ui`, the same on every machine so an SSH tunnel command can be written down once.</summary>
    public const int DefaultPort = 8030;
}

/// <summary>What the dashboard tells browsers about the run beyond the loop's <see cref="Loop.RunInfo"/>.</summary>
/// <param name="RecordPath">The recording as the user named it (shown, never resolved to a machine path); null: not recording.</param>
/// <param name="HasSound">Whether the run sonifies (so a solo changes what is heard).</param>
public sealed record DashboardRun(string? RecordPath, bool HasSound);

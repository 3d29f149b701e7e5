using System.CommandLine;
using System.Globalization;
using ViST.Cli;

namespace ViST.Simulator.Dashboard;

/// <summary>`vist run --ui [PORT] [--ui-any-address]` on the command line.</summary>
public static class DashboardArguments
{
    /// <summary>--ui with an optional port: a bare --ui serves on <see cref="DashboardSettings.DefaultPort"/>.</summary>
    public static Option<int?> Port() => new("--ui")
    {
        Description = $"serve the browser dashboard on this port of 127.0.0.1 (default {DashboardSettings.DefaultPort}; 0: any free port)",
        Arity = ArgumentArity.ZeroOrOne,
        CustomParser = r =>
        {
            if (r.Tokens.Count == 0) return DashboardSettings.DefaultPort;
            if (int.TryParse(r.Tokens[0].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int port)) return port;
            r.AddError($"--ui {r.Tokens[0].Value}: not a port number (give 1-65535, or 0 for any free port)");
            return null;
        },
    };

    /// <summary>The dashboard the command line asked for, or null.</summary>
    public static DashboardSettings? Settings(ParseResult p, Option<int?> port, Option<bool> anyAddress)
    {
        bool any = p.GetValue(anyAddress);
        if (p.GetResult(port) is null)
            return any ? throw new UserInputException("--ui-any-address needs --ui (the dashboard it opens up)") : null;
        return new DashboardSettings(p.GetValue(port) ?? DashboardSettings.DefaultPort, any);
    }
}

using System.CommandLine;

namespace ViST.Simulator.Commands;

/// <summary>`vist bench ...`: speed checks, one subcommand per part; each ends with one JSON line of figures.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var cmd = new Command("bench", "Benchmarks; each prints a table and ends with one JSON line of figures.");
        foreach (var sub in Subcommands()) cmd.Subcommands.Add(sub);
        return cmd;
    }

    static IEnumerable<Command> Subcommands() =>
    [
        BenchRenderCommand.Create(),
        BenchSweepCommand.Create(),
    ];
}

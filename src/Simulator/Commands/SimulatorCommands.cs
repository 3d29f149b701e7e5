using System.CommandLine;

namespace ViST.Simulator.Commands;

/// <summary>Every vist verb; each lives in its own file as a static Create().</summary>
public static class SimulatorCommands
{
    public static IEnumerable<Command> All() =>
    [
        RenderCommand.Create(),
        BenchCommand.Create(),
        SweepCommand.Create(),
        RunCommand.Create(),
        ReplayCommand.Create(),
        DoctorCommand.Create(),
    ];
}

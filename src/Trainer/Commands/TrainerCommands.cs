using System.CommandLine;

namespace ViST.Trainer.Commands;

/// <summary>Every vist-train verb; each lives in its own file as a static Create().</summary>
public static class TrainerCommands
{
    public static IEnumerable<Command> All() =>
    [
        ArraysCommand.Create(),
        ImportDryadCommand.Create(),
        MetricsCommand.Create(),
        LossCommand.Create(),
        BenchCommand.Create(),
        ForwardCommand.Create(),
        SynthCommand.Create(),
        FeaturesCommand.Create(),
        TrainCommand.Create(),
        EvalCommand.Create(),
        ExportCommand.Create(),
        ExperimentCommand.Create(),
        ScorecardCommand.Create(),
    ];
}

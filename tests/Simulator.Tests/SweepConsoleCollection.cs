namespace ViST.Simulator.Tests;

/// <summary>Test classes that run whole sweeps through <c>SweepCommand</c>: they share its static backend seam and
/// the console, so they run one after another.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SweepConsoleCollection
{
    public const string Name = "sweep-command";
}

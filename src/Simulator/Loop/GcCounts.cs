namespace ViST.Simulator.Loop;

/// <summary>
/// Garbage collections during a run (process-wide, GC.CollectionCount), and the generation-2 ones after its first
/// second. A full (gen-2) collection can stop every thread for milliseconds, so a live loop that allocates nothing
/// per frame should have none once its start-up garbage (model loading, JIT) is gone.
/// </summary>
public sealed record GcCounts(int Gen0, int Gen1, int Gen2, int Gen2AfterFirstSecond)
{
    /// <summary>Counts at one moment; the difference of two snapshots is what happened between them.</summary>
    public readonly record struct Snapshot(int Gen0, int Gen1, int Gen2)
    {
        public static Snapshot Now() => new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
    }

    public static GcCounts Between(Snapshot start, Snapshot afterFirstSecond, Snapshot end) =>
        new(end.Gen0 - start.Gen0, end.Gen1 - start.Gen1, end.Gen2 - start.Gen2, end.Gen2 - afterFirstSecond.Gen2);
}

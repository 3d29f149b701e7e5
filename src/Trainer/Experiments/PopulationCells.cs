namespace ViST.Trainer.Experiments;

/// <summary>
/// The cell sets of the complementary-coding experiment (vist-upstream.md 4.3): cells ranked by the full model's
/// held-out CC; a population of n cells always holds the best min(n, 8) ("top" cells), the rest drawn at random
/// from the other cells with the seed, so sets of different sizes are compared on the same well-predicted cells.
/// </summary>
public static class PopulationCells
{
    public const int TopCount = 8;

    /// <summary>Dataset cell indices, best CC first (NaN last); <paramref name="cc"/>[i] belongs to cells[i].</summary>
    public static int[] Rank(IReadOnlyList<int> cells, IReadOnlyList<double> cc) =>
        Enumerable.Range(0, cells.Count).OrderByDescending(i => double.IsFinite(cc[i]) ? cc[i] : double.NegativeInfinity)
            .ThenBy(i => cells[i]).Select(i => cells[i]).ToArray();

    /// <summary>The top cells a population of <paramref name="size"/> is scored on: the best min(size, 8).</summary>
    public static int[] Top(IReadOnlyList<int> ranked, int size) => ranked.Take(Math.Min(size, TopCount)).ToArray();

    /// <summary>The population of <paramref name="size"/> cells for <paramref name="seed"/>, in dataset order.</summary>
    public static int[] Draw(IReadOnlyList<int> ranked, int size, int seed)
    {
        if (size < 1 || size > ranked.Count)
            throw new ArgumentException($"--sizes: a population of {size} cells is impossible with {ranked.Count} cells");
        var rest = ranked.Skip(TopCount).ToArray();
        new Random(unchecked(seed * 1_000_003 + size)).Shuffle(rest);    // not HashCode: it differs per process
        return Top(ranked, size).Concat(rest.Take(size - Math.Min(size, TopCount))).Order().ToArray();
    }
}

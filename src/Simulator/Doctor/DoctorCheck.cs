namespace ViST.Simulator.Doctor;

/// <summary>How one check came out.</summary>
public enum CheckStatus
{
    /// <summary>Works.</summary>
    Ok,
    /// <summary>Something `vist run` needs is missing: doctor exits with 1.</summary>
    Missing,
    /// <summary>An optional feature this machine cannot offer (a window, live sound, training, movies): a warning.</summary>
    Unavailable,
}

/// <summary>One line of `vist doctor`: what was checked, how it came out, what was found (or why not), how to fix
/// it, and the figures for the JSON line (renderer, versions, hashes).</summary>
public sealed record DoctorCheck(string Name, CheckStatus Status, string Detail, string? Fix = null)
{
    public IReadOnlyDictionary<string, object?> Values { get; init; } = new Dictionary<string, object?>();

    public static DoctorCheck Ok(string name, string detail, params (string Key, object? Value)[] values) =>
        new(name, CheckStatus.Ok, detail) { Values = values.ToDictionary(v => v.Key, v => v.Value) };

    /// <summary>The check as run by doctor: whatever it throws is its answer, never the end of the report.</summary>
    public static DoctorCheck Run(string name, Func<DoctorCheck> check, CheckStatus whenItThrows, string fix)
    {
        try { return check(); }
        catch (Exception e) { return new(name, whenItThrows, Cli.CliRunner.OneLine(e.Message), fix); }
    }
}

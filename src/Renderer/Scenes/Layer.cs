using System.Collections.Immutable;

namespace ViST.Renderer.Scenes;

/// <summary>
/// One stimulus in a scene: a type (see <see cref="StimulusTypes"/>), its validated parameters (defaults filled
/// in), when it is shown (start_s inclusive, end_s exclusive, in scene time) and optional keyframed numbers.
/// Immutable: <see cref="With"/> gives a changed copy, so a scene can be shared between threads and sweeps.
/// </summary>
public sealed class Layer
{
    public string Type { get; }
    /// <summary>Optional name users address the layer by (set_param, sweeps).</summary>
    public string? Id { get; }
    public double StartS { get; }
    public double? EndS { get; }
    public ImmutableSortedDictionary<string, object> Params { get; }
    public ImmutableSortedDictionary<string, Keyframes> Keyframes { get; }

    /// <summary>When a layer is shown, typed like its parameters (for validation and for editors).</summary>
    public static readonly ParamSpec StartSpec = new("start_s", ParamKind.Number, "seconds", "scene time the layer appears at") { Min = 0, Default = 0.0 };
    public static readonly ParamSpec EndSpec = new("end_s", ParamKind.Number, "seconds", "scene time the layer disappears at (none: shown to the end)") { Min = 0, Optional = true };

    Layer(string type, string? id, double startS, double? endS,
        ImmutableSortedDictionary<string, object> ps, ImmutableSortedDictionary<string, Keyframes> keyframes)
    {
        Type = type; Id = id; StartS = startS; EndS = endS; Params = ps; Keyframes = keyframes;
    }

    /// <summary>Builds a layer in code, e.g. <c>Layer.Create("grating", ("cycles_per_px", 0.05), ("temporal_hz", 2.0))</c>:
    /// shown from 0 s on, parameters validated, defaults filled in.</summary>
    public static Layer Create(string type, params (string Name, object? Value)[] parameters) =>
        Create(type, null, 0, null, parameters, null, null);

    /// <summary>The full form: id, timing (scene seconds), parameters, keyframes; relative file paths are taken
    /// relative to <paramref name="folder"/> (default: the current folder).</summary>
    public static Layer Create(string type, string? id, double startS, double? endS,
        IEnumerable<(string Name, object? Value)> parameters,
        IEnumerable<(string Name, Keyframes Track)>? keyframes, string? folder)
    {
        var specs = StimulusTypes.Of(type);
        CheckTiming(startS, endS);
        var ps = ImmutableSortedDictionary.CreateBuilder<string, object>(StringComparer.Ordinal);
        foreach (var (name, value) in parameters)
        {
            var spec = StimulusTypes.Param(type, name);
            if (ps.ContainsKey(name)) throw new ArgumentException($"{name}: given twice");
            ps[name] = spec.Coerce(value, folder);
        }
        foreach (var spec in specs)
        {
            if (ps.ContainsKey(spec.Name)) continue;
            if (spec.Default != null) ps[spec.Name] = spec.Default;
            else if (spec.Required && !(keyframes?.Any(k => k.Name == spec.Name) ?? false))
                throw new ArgumentException($"{spec.Name}: missing; {type} needs it ({spec.Describe()}). {spec.Description}");
        }
        var ks = ImmutableSortedDictionary.CreateBuilder<string, Keyframes>(StringComparer.Ordinal);
        foreach (var (name, track) in keyframes ?? [])
        {
            var spec = StimulusTypes.Param(type, name);
            if (parameters.Any(p => p.Name == name))
                throw new ArgumentException($"{name}: given both as a value and as keyframes; keep one");
            if (spec.Kind != ParamKind.Number)
                throw new ArgumentException($"keyframes.{name}: only numbers can be keyframed; {name} is {spec.Describe()}");
            foreach (var (t, v) in track.Points)
            {
                try { spec.Coerce(v); }
                catch (ArgumentException e) { throw new ArgumentException($"keyframes.{name} at {t} s: {e.Message}"); }
            }
            ks[name] = track;
            ps.Remove(name);
        }
        return new Layer(type, id, startS, endS, ps.ToImmutable(), ks.ToImmutable());
    }

    static void CheckTiming(double startS, double? endS)
    {
        if (!double.IsFinite(startS) || startS < 0) throw new ArgumentException($"start_s: expected seconds >= 0; got {startS}");
        if (endS is { } e && !(e > startS)) throw new ArgumentException($"end_s: expected seconds > start_s ({startS}) or null; got {e}");
    }

    public bool ActiveAt(double t) => t >= StartS - Stimuli.FrameTime.Epsilon && (EndS is null || t < EndS - Stimuli.FrameTime.Epsilon);

    /// <summary>A number parameter at scene time <paramref name="t"/> (keyframed or constant).</summary>
    public double Number(string name, double t) =>
        Keyframes.TryGetValue(name, out var k) ? k.ValueAt(t) : Convert.ToDouble(Get(name));

    /// <summary>The integral of a number parameter over the layer's own time, from its start to scene time
    /// <paramref name="t"/> (a phase from a frequency, a distance from a speed).</summary>
    public double IntegralSinceStart(string name, double t) =>
        Keyframes.TryGetValue(name, out var k) ? k.Integral(StartS, t) : Convert.ToDouble(Get(name)) * (t - StartS);

    public long Integer(string name) => (long)Get(name);
    public bool Flag(string name) => (bool)Get(name);
    public string Text(string name) => (string)Get(name);
    public double[] Point(string name) => (double[])Get(name);
    public double[][] Steps(string name) => (double[][])Get(name);
    public bool Has(string name) => Params.ContainsKey(name) || Keyframes.ContainsKey(name);

    object Get(string name) => Params.TryGetValue(name, out var v) ? v
        : throw new ArgumentException($"{name}: not set on this {Type} layer");

    /// <summary>A copy with one parameter (or start_s, end_s, id) changed and validated; a keyframed parameter
    /// becomes constant. <paramref name="value"/> null removes an optional parameter.</summary>
    public Layer With(string name, object? value, string? folder = null)
    {
        switch (name)
        {
            case "id":
                if (value is not (null or string { Length: > 0 })) throw new ArgumentException($"id: expected a non-empty string or null; got {value}");
                return new Layer(Type, (string?)value, StartS, EndS, Params, Keyframes);
            case "start_s":
            case "end_s":
            {
                double start = name == "start_s" ? (double)StartSpec.Coerce(value) : StartS;
                double? end = name == "end_s" ? (value is null ? null : (double)EndSpec.Coerce(value)) : EndS;
                CheckTiming(start, end);
                return new Layer(Type, Id, start, end, Params, Keyframes);
            }
        }
        var spec = StimulusTypes.Param(Type, name);
        if (value is null)
        {
            if (!spec.Optional) throw new ArgumentException($"{name}: cannot be removed; expected {spec.Describe()}");
            return new Layer(Type, Id, StartS, EndS, Params.Remove(name), Keyframes.Remove(name));
        }
        return new Layer(Type, Id, StartS, EndS, Params.SetItem(name, spec.Coerce(value, folder)), Keyframes.Remove(name));
    }

    /// <summary>A copy with a keyframed timeline for a number parameter.</summary>
    public Layer WithKeyframes(string name, Keyframes track) =>
        Create(Type, Id, StartS, EndS, Params.Where(p => p.Key != name).Select(p => (p.Key, (object?)p.Value)),
            Keyframes.Where(k => k.Key != name).Select(k => (k.Key, k.Value)).Append((name, track)), null);

    public override string ToString() => Id is null ? Type : $"{Type} \"{Id}\"";
}

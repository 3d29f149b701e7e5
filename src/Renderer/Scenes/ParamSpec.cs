using System.Globalization;

namespace ViST.Renderer.Scenes;

/// <summary>What kind of value a stimulus parameter holds, and how it is written in a scene file.</summary>
public enum ParamKind
{
    /// <summary>A real number (stored as double); the only kind that can be keyframed.</summary>
    Number,
    /// <summary>A whole number (stored as long).</summary>
    Integer,
    Bool,
    /// <summary>One of a fixed set of words (stored as string).</summary>
    Choice,
    /// <summary>[x, y] in pixels (stored as double[2]).</summary>
    Point,
    /// <summary>A list of [duration_s, luminance] pairs (stored as double[][]).</summary>
    Steps,
    /// <summary>A file path, relative to the scene file's folder (stored as an absolute path).</summary>
    File,
}

/// <summary>
/// One typed parameter of a stimulus type: its unit, its range and its default. Validation of scene files,
/// of runtime changes and of code-built scenes all go through <see cref="Coerce"/>, so they agree.
/// </summary>
public sealed record ParamSpec(string Name, ParamKind Kind, string Unit, string Description)
{
    public double Min { get; init; } = double.NegativeInfinity;
    public double Max { get; init; } = double.PositiveInfinity;
    /// <summary>Whether Min itself is excluded (e.g. a radius must be &gt; 0).</summary>
    public bool MinExclusive { get; init; }
    /// <summary>The value used when the scene leaves the parameter out; null means required (or, with
    /// <see cref="Optional"/>, simply absent).</summary>
    public object? Default { get; init; }
    public bool Optional { get; init; }
    public IReadOnlyList<string> Choices { get; init; } = [];
    /// <summary>An extra sentence for the out-of-range message (a likely unit mix-up).</summary>
    public string? RangeHint { get; init; }

    public bool Required => Default is null && !Optional;

    /// <summary>Range and unit as people read them: "number in cycles/px, 0 < value <= 0.5".</summary>
    public string Describe()
    {
        string kind = Kind switch
        {
            ParamKind.Number => "number", ParamKind.Integer => "integer", ParamKind.Bool => "true or false",
            ParamKind.Choice => "one of " + string.Join("|", Choices), ParamKind.Point => "[x, y]",
            ParamKind.Steps => "[[duration_s, luminance], ...]", ParamKind.File => "file path", _ => Kind.ToString(),
        };
        string unit = Unit.Length > 0 ? $" in {Unit}" : "";
        string range = "";
        bool hasMin = !double.IsNegativeInfinity(Min), hasMax = !double.IsPositiveInfinity(Max);
        if (hasMin && hasMax) range = $", {F(Min)} {(MinExclusive ? "<" : "<=")} value <= {F(Max)}";
        else if (hasMin) range = $", value {(MinExclusive ? ">" : ">=")} {F(Min)}";
        else if (hasMax) range = $", value <= {F(Max)}";
        string dflt = Default switch
        {
            null => Optional ? " (optional)" : " (required)",
            double[] p => $" (default [{F(p[0])}, {F(p[1])}])",
            double d => $" (default {F(d)})",
            long l => $" (default {l})",
            bool b => $" (default {(b ? "true" : "false")})",
            string s => $" (default {s})",
            _ => "",
        };
        return kind + unit + range + dflt;
    }

    static string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>Checks and converts a value given in a file (JSON), in code or at runtime; throws
    /// <see cref="ArgumentException"/> saying what was expected.</summary>
    public object Coerce(object? value, string? relativeTo = null)
    {
        if (value is System.Text.Json.JsonElement json) value = SceneJson.ToObject(json);
        switch (Kind)
        {
            case ParamKind.Number:
                return CheckRange(AsDouble(value));
            case ParamKind.Integer:
            {
                double d = AsDouble(value);
                if (d != Math.Floor(d)) throw Bad($"{F(d)} is not a whole number");
                return (long)CheckRange(d);
            }
            case ParamKind.Bool:
                return value is bool b ? b : throw Bad($"got {Show(value)}");
            case ParamKind.Choice:
                return value is string s && Choices.Contains(s) ? s : throw Bad($"got {Show(value)}");
            case ParamKind.Point:
            {
                var xs = AsDoubles(value);
                if (xs is null || xs.Length != 2) throw Bad($"got {Show(value)}");
                return xs;
            }
            case ParamKind.Steps:
            {
                if (value is not System.Collections.IEnumerable list || value is string) throw Bad($"got {Show(value)}");
                var steps = new List<double[]>();
                foreach (var item in list)
                {
                    var step = AsDoubles(item);
                    if (step is null || step.Length != 2) throw Bad($"step {steps.Count} is {Show(item)}");
                    if (!(step[0] > 0)) throw Bad($"step {steps.Count}: duration {F(step[0])} s must be > 0");
                    if (!(step[1] >= 0 && step[1] <= 1)) throw Bad($"step {steps.Count}: luminance {F(step[1])} must be in [0, 1]");
                    steps.Add(step);
                }
                if (steps.Count == 0) throw Bad("the list is empty");
                return steps.ToArray();
            }
            case ParamKind.File:
            {
                if (value is not string path || path.Length == 0) throw Bad($"got {Show(value)}");
                string full = Path.GetFullPath(path, relativeTo ?? Directory.GetCurrentDirectory());
                if (!System.IO.File.Exists(full)) throw new FileNotFoundException($"{Name}: {full}: no such file", full);
                return full;
            }
            default: throw new InvalidOperationException(Kind.ToString());
        }
    }

    double CheckRange(double d)
    {
        bool tooLow = MinExclusive ? d <= Min : d < Min;
        if (double.IsNaN(d) || double.IsInfinity(d) || tooLow || d > Max)
            throw Bad($"{F(d)} is out of range" + (RangeHint is null ? "" : $" ({RangeHint})"));
        return d;
    }

    double AsDouble(object? v) => TryNumber(v, out double d) ? d : throw Bad($"got {Show(v)}");

    /// <summary>Any CLR number (values arrive as double from JSON, as byte/int/long/float from MessagePack or code).</summary>
    static bool TryNumber(object? v, out double d)
    {
        switch (v)
        {
            case double or float or decimal or sbyte or byte or short or ushort or int or uint or long or ulong:
                d = Convert.ToDouble(v, CultureInfo.InvariantCulture);
                return true;
            default:
                d = 0;
                return false;
        }
    }

    static double[]? AsDoubles(object? v)
    {
        if (v is not System.Collections.IEnumerable list || v is string) return null;
        var xs = new List<double>();
        foreach (var x in list)
        {
            if (!TryNumber(x, out double d)) return null;
            xs.Add(d);
        }
        return xs.ToArray();
    }

    ArgumentException Bad(string what) => new($"{Name}: expected {Describe()}; {what}");

    static string Show(object? v) => v switch
    {
        null => "null",
        string s => $"\"{s}\"",
        bool b => b ? "true" : "false",
        System.Collections.IEnumerable e => "[" + string.Join(", ", e.Cast<object?>().Select(Show)) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };
}

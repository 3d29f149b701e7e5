using System.Globalization;
using System.Text.Json;
using ViST.Renderer.Scenes;
using ViST.Simulator.Loop;
using ViST.Simulator.Runtime;

namespace ViST.Simulator.Display;

/// <summary>A number of the running scene the keyboard can step: layer (id, or index when the layer has none),
/// parameter, its spec (unit and range) and its value now.</summary>
public sealed record TunableParam(string Layer, string Name, ParamSpec Spec, double Value)
{
    public string Label => $"{Layer}.{Name}";

    /// <summary>The value one key press up (+1) or down (-1) gives: an octave for a spatial frequency (cells are tuned
    /// on a log scale: a tenth of the allowed range would jump from a grating the retina sees to one it cannot), a
    /// fixed step for units people think in steps of (15 degrees, 10 px, 20 px/s, 0.5 Hz or s), a tenth of the range
    /// for bounded numbers (contrast), else a tenth of the value; kept in range (a bound that is excluded, like a
    /// radius of 0, is approached by halving).</summary>
    public double Stepped(int direction)
    {
        if (Spec.Unit == "cycles per pixel" && Value > 0)
            return Math.Clamp(Math.Round(Value * Math.Pow(2, Math.Sign(direction)), 9), double.Epsilon, Spec.Max);
        double step = Spec.Unit switch
        {
            var u when u.StartsWith("Hz", StringComparison.Ordinal) => 0.5,
            "pixels per second" => 20,
            "pixels" => 10,
            var u when u.StartsWith("degrees", StringComparison.Ordinal) => 15,
            "seconds" => 0.5,
            _ when double.IsFinite(Spec.Min) && double.IsFinite(Spec.Max) => (Spec.Max - Spec.Min) / 10,
            _ => Math.Max(Math.Abs(Value) / 10, 0.01),
        };
        double next = Math.Round(Value + Math.Sign(direction) * step, 9);
        if (next > Spec.Max) next = Spec.Max;
        if (next < Spec.Min || Spec.MinExclusive && next <= Spec.Min)
            next = Spec.MinExclusive ? Math.Round((Value + Spec.Min) / 2, 9) : Spec.Min;
        return next;
    }

    public string ValueText => Value.ToString("G5", CultureInfo.InvariantCulture);
}

/// <summary>
/// The plain numbers of the scene in force (<see cref="SceneInForce"/>) that the keyboard can step: those of its
/// layers that are not keyframed. A movie has none.
/// </summary>
public sealed class TunableParams
{
    readonly SceneInForce _scene = new();

    public IReadOnlyList<TunableParam> All { get; private set; } = [];

    public void Start(string stimulusJson)
    {
        _scene.Start(stimulusJson);
        All = List(_scene.Scene);
    }

    /// <summary>Follows an applied event (model thread order, so the state matches the frames that follow).</summary>
    public void Apply(SimEvent e)
    {
        if (_scene.Apply(e)) All = List(_scene.Scene);
    }

    static IReadOnlyList<TunableParam> List(Scene? scene)
    {
        if (scene is null) return [];
        var list = new List<TunableParam>();
        for (int i = 0; i < scene.Layers.Length; i++)
        {
            var layer = scene.Layers[i];
            foreach (var spec in StimulusTypes.All[layer.Type])
                if (spec.Kind == ParamKind.Number && !layer.Keyframes.ContainsKey(spec.Name) && layer.Params.TryGetValue(spec.Name, out var v) && v is double d)
                    list.Add(new TunableParam(layer.Id ?? i.ToString(CultureInfo.InvariantCulture), spec.Name, spec, d));
        }
        return list;
    }
}

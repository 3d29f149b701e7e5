namespace ViST.Renderer.Scenes;

/// <summary>
/// Every stimulus type a scene layer can have and its parameters with units, ranges and defaults. This table is
/// the single source for validation, for error messages and for `vist render --list-types`.
/// Conventions: pixels with x right, y down, origin at the top-left corner of the top-left pixel; angles in
/// degrees counter-clockwise from rightward as seen on screen; luminance linear in [0, 1]; contrast Michelson
/// around the scene background (L = background * (1 + contrast * w), w in [-1, 1]).
/// </summary>
public static class StimulusTypes
{
    static readonly double[] Centre = [FrameSpec.Width / 2.0, FrameSpec.Height / 2.0];

    static ParamSpec Num(string name, string unit, string description, double? dflt = null) =>
        new(name, ParamKind.Number, unit, description) { Default = dflt };
    static ParamSpec Int(string name, string unit, string description, long? dflt = null) =>
        new(name, ParamKind.Integer, unit, description) { Default = dflt };
    static ParamSpec Flag(string name, string description, bool dflt) =>
        new(name, ParamKind.Bool, "", description) { Default = dflt };
    static ParamSpec Choice(string name, string description, string dflt, params string[] choices) =>
        new(name, ParamKind.Choice, "", description) { Default = dflt, Choices = choices };
    static ParamSpec Point(string name, string description, double[]? dflt) =>
        new(name, ParamKind.Point, "pixels", description) { Default = dflt };

    static ParamSpec Contrast(double min, string description) =>
        Num("contrast", "Michelson contrast around the background", description, 1) with { Min = min, Max = 1 };
    static ParamSpec Seed() => new("seed", ParamKind.Integer, "", "random seed (default: the scene's seed)")
    { Optional = true, Min = 0, Max = uint.MaxValue };

    public static readonly IReadOnlyDictionary<string, IReadOnlyList<ParamSpec>> All =
        new Dictionary<string, IReadOnlyList<ParamSpec>>
        {
            ["grating"] =
            [
                Choice("waveform", "luminance profile across the bars", "sine", "sine", "square"),
                Num("orientation_deg", "degrees counter-clockwise from rightward", "direction of the wave vector (and of drift)", 0),
                Num("cycles_per_px", "cycles per pixel", "spatial frequency") with
                    { Min = 0, MinExclusive = true, Max = 0.5, RangeHint = "0.5 is the Nyquist limit; 0.05 = 18 cycles across 360 px; is it cycles/degree?" },
                Num("temporal_hz", "Hz (cycles per second)", "drift (or reversal) frequency; negative drifts backwards", 0) with
                    { Min = -15, Max = 15, RangeHint = "15 Hz is the Nyquist limit at 30 frames/s" },
                Contrast(0, "peak Michelson contrast"),
                Num("phase_deg", "degrees", "spatial phase at center_px at time 0", 0),
                Point("center_px", "phase origin and aperture centre", Centre),
                Num("aperture_px", "pixels", "radius of a circular aperture; leave out for full field") with
                    { Min = 0, MinExclusive = true, Optional = true },
                Flag("reversing", "contrast reversal at temporal_hz instead of drift", false),
            ],
            ["bar"] =
            [
                Num("width_px", "pixels", "extent along the direction of motion", 20) with { Min = 0, MinExclusive = true },
                Num("length_px", "pixels", "extent across the direction of motion", 600) with { Min = 0, MinExclusive = true },
                Num("direction_deg", "degrees counter-clockwise from rightward", "direction of motion", 0),
                Num("speed_px_s", "pixels per second", "speed along direction_deg", 200) with
                    { Min = -10000, Max = 10000, RangeHint = "at 30 frames/s, 10000 px/s is 333 px per frame" },
                Contrast(-1, "sign gives polarity: > 0 brighter, < 0 darker than the background"),
                Point("center_px", "the bar passes through this point", Centre),
                Num("offset_px", "pixels", "signed distance of the bar's centre from center_px along direction_deg at the layer's start", -200),
            ],
            ["spot"] =
            [
                Point("center_px", "centre of the disk", Centre),
                Num("radius_px", "pixels", "radius of the disk", 50) with { Min = 0, MinExclusive = true },
                Contrast(-1, "sign gives polarity: > 0 brighter, < 0 darker than the background"),
            ],
            ["flash"] =
            [
                new ParamSpec("steps", ParamKind.Steps, "seconds, luminance in [0, 1]", "full-field luminance steps played in order"),
                Flag("loop", "repeat the steps; otherwise the layer is transparent after the last step", false),
            ],
            ["chirp"] =
            [
                Num("dark_s", "seconds", "dark (background * (1 - contrast)) before the step", 2) with { Min = 0 },
                Num("on_s", "seconds", "bright step", 3) with { Min = 0 },
                Num("off_s", "seconds", "dark after the step", 3) with { Min = 0 },
                Num("gap_s", "seconds", "background between the parts", 2) with { Min = 0 },
                Num("frequency_s", "seconds", "duration of the frequency sweep", 8) with { Min = 0 },
                Num("frequency_start_hz", "Hz", "frequency at the start of the sweep", 0) with { Min = 0, Max = 15 },
                Num("frequency_end_hz", "Hz", "frequency at the end of the sweep", 8) with { Min = 0, Max = 15 },
                Num("amplitude_s", "seconds", "duration of the contrast sweep", 8) with { Min = 0 },
                Num("amplitude_hz", "Hz", "frequency of the contrast sweep", 2) with { Min = 0, Max = 15 },
                Num("final_dark_s", "seconds", "dark after the contrast sweep", 2) with { Min = 0 },
                Contrast(0, "contrast of the step and peak contrast of both sweeps"),
                Flag("loop", "repeat the chirp; otherwise the layer is transparent after it", false),
            ],
            ["noise"] =
            [
                Choice("distribution", "binary: w = +1 or -1; gaussian: w ~ N(0, 1) (contrast is then the RMS contrast)", "binary", "binary", "gaussian"),
                Int("check_px", "pixels", "side of one square check; checks start at the top-left corner", 20) with { Min = 1, Max = 360 },
                Contrast(0, "binary: Michelson contrast; gaussian: standard deviation of w"),
                Int("refresh_frames", "frames", "a new pattern every this many frames", 1) with { Min = 1, Max = 1_000_000 },
                Seed(),
            ],
            ["naturalistic"] =
            [
                Int("leaves", "", "number of dead-leaves disks", 1000) with { Min = 1, Max = 10000 },
                Num("radius_min_px", "pixels", "smallest disk radius (radii follow p(r) ~ 1/r^3, a scale-invariant scene)", 5) with { Min = 0.5 },
                Num("radius_max_px", "pixels", "largest disk radius", 120) with { Min = 0.5, Max = 1000 },
                Num("drift_px_s", "pixels per second", "largest speed of an object's own drift", 20) with { Min = 0, Max = 10000 },
                Num("saccade_interval_s", "seconds", "time between saccade-like jumps of the whole scene", 0.5) with { Min = 0, MinExclusive = true },
                Num("saccade_px", "pixels", "standard deviation of the gaze position per fixation, along x and y", 15) with { Min = 0, Max = 1000 },
                Num("jitter_px", "pixels", "standard deviation of the per-frame fixational jitter, along x and y", 0.5) with { Min = 0, Max = 100 },
                Contrast(0, "scales each leaf's luminance deviation from the background (w uniform in [-1, 1])"),
                Seed(),
            ],
            ["image"] =
            [
                new ParamSpec("file", ParamKind.File, "", "PNG/JPEG (anything ffmpeg reads) or .raw 8-bit gray"),
                Choice("fit", "stretch: fill the frame; contain: whole image, aspect kept; cover: fill, aspect kept, cropped; center: 1 image pixel = 1 frame pixel", "contain", "stretch", "contain", "cover", "center"),
                Point("raw_size_px", "width and height of a .raw file", null) with { Optional = true },
                Num("contrast", "gain", "L = background + contrast * (image - background)", 1) with { Min = 0, Max = 10 },
            ],
            ["movie"] =
            [
                new ParamSpec("file", ParamKind.File, "", "any video ffmpeg reads; placed on the 360x360 frame by fit, 30 frames/s (the source frame nearest each tick)"),
                Choice("fit", "crop: fill the frame, aspect kept, the overhang cut off; pad: the whole picture, aspect kept, the layers beneath in the bands beside it; stretch: fill the frame, shapes distorted", "crop", "crop", "pad", "stretch"),
                Flag("loop", "start over at the end of the movie", false),
                Int("start_frame", "frames at 30 Hz", "first movie frame shown", 0) with { Min = 0 },
                Choice("after_end", "without loop, what the layer shows after the last frame", "hold", "hold", "background"),
                Num("contrast", "gain", "L = background + contrast * (movie - background)", 1) with { Min = 0, Max = 10 },
            ],
        };

    public static IReadOnlyList<ParamSpec> Of(string type) =>
        All.TryGetValue(type, out var specs) ? specs
            : throw new ArgumentException($"type: unknown stimulus type \"{type}\" (known: {string.Join(", ", All.Keys)})");

    public static ParamSpec Param(string type, string name)
    {
        var spec = Of(type).FirstOrDefault(p => p.Name == name);
        if (spec != null) return spec;
        throw new ArgumentException($"{name}: unknown parameter of {type}{UnitHint(type, name)}; parameters are: " +
            string.Join("; ", Of(type).Select(p => $"{p.Name} ({p.Describe()})")));
    }

    /// <summary>"orientation_rad" when the type has "orientation_deg": a unit mix-up, say so.</summary>
    static string UnitHint(string type, string name)
    {
        int cut = name.LastIndexOf('_');
        string stem = cut > 0 ? name[..cut] : name;
        var sameStem = Of(type).FirstOrDefault(p => p.Name.StartsWith(stem + "_", StringComparison.Ordinal) || p.Name == stem);
        return sameStem is null ? "" : $" (wrong unit? this type takes {sameStem.Name}, {sameStem.Describe()})";
    }

    /// <summary>The reference text: every type and parameter with units (for help output and docs).</summary>
    public static string Reference() => string.Join("\n", All.Select(kv =>
        kv.Key + "\n" + string.Join("\n", kv.Value.Select(p => $"  {p.Name}: {p.Describe()}. {p.Description}"))));
}

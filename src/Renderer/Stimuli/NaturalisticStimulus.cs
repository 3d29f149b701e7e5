using Silk.NET.OpenGL;
using ViST.Renderer.Gl;
using ViST.Renderer.Scenes;

namespace ViST.Renderer.Stimuli;

/// <summary>
/// Our stand-in for natural movies: a dead-leaves scene (occluding disks, radii p(r) ~ 1/r^3 so the image is
/// scale invariant, luminance uniform around the background) whose objects drift on their own, seen through a
/// gaze that jumps every saccade_interval_s (saccade_px spread) and jitters every frame (jitter_px).
/// Everything is computed from (seed, time), so any frame can be drawn on its own.
/// </summary>
internal sealed class NaturalisticStimulus : IStimulus
{
    readonly GlResources _gl;
    readonly uint _vao, _vbo;
    float[] _instances = [];

    public NaturalisticStimulus(GlResources gl)
    {
        _gl = gl;
        var g = gl.Gl;
        _vao = g.GenVertexArray();
        _vbo = g.GenBuffer();
        g.BindVertexArray(_vao);
        g.BindBuffer(BufferTargetARB.ArrayBuffer, _vbo);
        g.EnableVertexAttribArray(0);
        unsafe { g.VertexAttribPointer(0, 4, VertexAttribPointerType.Float, false, 4 * sizeof(float), null); }
        g.VertexAttribDivisor(0, 1);
        g.BindVertexArray(0);
    }

    /// <summary>Leaf discs for scene time t: x, y, radius, luminance (4 floats per leaf, drawing order).</summary>
    public static float[] Leaves(Layer layer, Scene scene, FrameTime time, float[]? reuse = null)
    {
        double t = time.TimeS, tl = time.LocalTime(layer);
        uint seed = (uint)(layer.Has("seed") ? layer.Integer("seed") : scene.Seed);
        int n = (int)layer.Integer("leaves");
        double rMin = layer.Number("radius_min_px", t), rMax = Math.Max(rMin, layer.Number("radius_max_px", t));
        double drift = layer.Number("drift_px_s", t), contrast = layer.Number("contrast", t);
        // Gaze: a new fixation point every interval, plus a small per-frame jitter.
        uint fixation = (uint)Math.Floor(tl / layer.Number("saccade_interval_s", t));
        uint frame = (uint)time.LocalIndex(layer);
        double sac = layer.Number("saccade_px", t), jit = layer.Number("jitter_px", t);
        double gx = sac * SeedHash.Gaussian(seed, 10, fixation, 0) + jit * SeedHash.Gaussian(seed, 20, frame, 0);
        double gy = sac * SeedHash.Gaussian(seed, 10, fixation, 1) + jit * SeedHash.Gaussian(seed, 20, frame, 1);
        // Leaves live on a torus a little larger than the frame, so they leave one side and come back on the other.
        double wx = FrameSpec.Width + 2 * rMax, wy = FrameSpec.Height + 2 * rMax;
        double a = 1 / (rMin * rMin), b = 1 / (rMax * rMax);
        var leaves = reuse is { } r && r.Length == 4 * n ? r : new float[4 * n];
        for (uint i = 0; i < n; i++)
        {
            double x0 = SeedHash.Unit(SeedHash.Of(seed, 1, i)) * wx, y0 = SeedHash.Unit(SeedHash.Of(seed, 2, i)) * wy;
            double radius = 1 / Math.Sqrt(a - SeedHash.Unit(SeedHash.Of(seed, 3, i)) * (a - b)); // inverse CDF of 1/r^3
            double w = 2 * SeedHash.Unit(SeedHash.Of(seed, 4, i)) - 1;
            double heading = 2 * Math.PI * SeedHash.Unit(SeedHash.Of(seed, 5, i));
            double speed = drift * SeedHash.Unit(SeedHash.Of(seed, 6, i));
            double x = x0 + speed * Math.Cos(heading) * tl + gx, y = y0 + speed * Math.Sin(heading) * tl + gy;
            x -= Math.Floor(x / wx) * wx; y -= Math.Floor(y / wy) * wy;
            leaves[4 * i] = (float)(x - rMax);
            leaves[4 * i + 1] = (float)(y - rMax);
            leaves[4 * i + 2] = (float)radius;
            leaves[4 * i + 3] = (float)(scene.Background * (1 + contrast * w));
        }
        return leaves;
    }

    public unsafe void Draw(Layer layer, Scene scene, FrameTime time)
    {
        _instances = Leaves(layer, scene, time, _instances);
        var g = _gl.Gl;
        _gl.Fill(scene.Background);
        _gl.Leaves.Use().Set("uFrameSize", FrameSpec.Width, FrameSpec.Height);
        g.BindVertexArray(_vao);
        g.BindBuffer(BufferTargetARB.ArrayBuffer, _vbo);
        fixed (float* p = _instances)
            g.BufferData(BufferTargetARB.ArrayBuffer, (nuint)(_instances.Length * sizeof(float)), p, BufferUsageARB.StreamDraw);
        g.DrawArraysInstanced(PrimitiveType.TriangleStrip, 0, 4, (uint)(_instances.Length / 4));
        _gl.BindEmptyVertexArray();
    }

    public void Dispose()
    {
        _gl.Gl.DeleteBuffer(_vbo);
        _gl.Gl.DeleteVertexArray(_vao);
    }
}

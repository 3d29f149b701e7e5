using ViST.RetinaModel;
using ViST.Simulator.Loop;

namespace ViST.Simulator.Tests.Fakes;

/// <summary>Builds loops over the fakes with little ceremony.</summary>
public static class Runs
{
    public const string SceneJson = """{"layers": {"background": {"luminance": 40}, "spot": {"center_px": [180, 180]}}}""";

    public static RunInfo Info(IRetina retina, bool paced = false) =>
        new(retina.Name, "sha256:fake", retina.Cells, SceneJson, paced);

    public static SimulationLoop Loop(IRetina retina, Func<FakeScene> scene, LoopOptions options, params IFrameSink[] sinks) =>
        new(() => { var s = scene(); return new Stimulus(s, s); }, retina, Info(retina, options.Paced), options, sinks);

    /// <summary>Runs a loop on a background thread (the test thread stays free to talk to it).</summary>
    public static Task<RunSummary> Start(SimulationLoop loop) =>
        Task.Factory.StartNew(() => loop.Run(), TaskCreationOptions.LongRunning);

    /// <summary>Waits (up to 30 s) until the predicate holds.</summary>
    public static void WaitUntil(Func<bool> condition, string what)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException("timed out waiting for " + what);
            Thread.Sleep(5);
        }
    }
}

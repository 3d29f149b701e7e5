using ViST.Simulator.Commands;
using ViST.Simulator.Loop;

namespace ViST.Simulator.Tests.Fakes;

/// <summary>The runtime factories that `vist` commands are created with in tests: a <see cref="FakeScene"/> for any
/// scene JSON and a two-cell <see cref="FakeRetina"/> for any model.</summary>
public static class FakeFactories
{
    public static readonly RuntimeFactories SceneAndTwoCells = new(
        json => { var s = new FakeScene(json); return new Stimulus(s, s); },
        _ => FakeRetina.WithCellsAt((180, 180), (10, 10)));
}

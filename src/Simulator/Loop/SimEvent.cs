namespace ViST.Simulator.Loop;

/// <summary>What can happen to a running simulation between two frames.</summary>
public enum SimEventKind { SetParam, LoadScene, Mark, Pause, Resume, Note }

/// <summary>
/// One event of a run, stamped with the frame before which it took effect. Parameter changes and scene loads
/// are applied by the render thread at a frame boundary, so frame <see cref="Frame"/> is the first frame that
/// shows them; that stamp is what makes a recording replayable frame for frame.
/// </summary>
public sealed record SimEvent
{
    public required SimEventKind Kind { get; init; }
    /// <summary>The first frame rendered after the event (set by the loop when it applies the event).</summary>
    public long Frame { get; init; }
    /// <summary>Who asked: "control", "controller:adaptive", "replay", "cli"...</summary>
    public string Origin { get; init; } = "";
    public string? Layer { get; init; }
    public string? Name { get; init; }
    /// <summary>JSON text: the parameter value (SetParam), the whole scene (LoadScene) or a note's payload.</summary>
    public string? Json { get; init; }
    /// <summary>A mark's label.</summary>
    public string? Label { get; init; }

    public static SimEvent SetParam(string layer, string name, string valueJson, string origin) =>
        new() { Kind = SimEventKind.SetParam, Layer = layer, Name = name, Json = valueJson, Origin = origin };
    public static SimEvent LoadScene(string sceneJson, string origin) =>
        new() { Kind = SimEventKind.LoadScene, Json = sceneJson, Origin = origin };
    public static SimEvent Mark(string label, string origin) => new() { Kind = SimEventKind.Mark, Label = label, Origin = origin };
    public static SimEvent Pause(string origin) => new() { Kind = SimEventKind.Pause, Origin = origin };
    public static SimEvent Resume(string origin) => new() { Kind = SimEventKind.Resume, Origin = origin };
    public static SimEvent Note(string json, string origin) => new() { Kind = SimEventKind.Note, Json = json, Origin = origin };

    /// <summary>Events that change the pixels (and so must be replayed).</summary>
    public bool ChangesStimulus => Kind is SimEventKind.SetParam or SimEventKind.LoadScene;
}

using ViST.Simulator.Loop;

namespace ViST.Simulator.Control;

/// <summary>
/// Answers the control requests that act on the loop (everything but subscribe/unsubscribe, which belong to a
/// connection). Changes are queued for the next frame boundary and the reply waits until the render thread has
/// applied them, so it can say from which frame on they show, or why the stimulus refused them. The browser
/// dashboard answers its requests here too (with its own <paramref name="origin"/> in the events it posts).
/// </summary>
/// <param name="stream">The control port's rate stream (its subscriber count is part of get_state); null for a
/// front end without one.</param>
public sealed class RequestHandler(SimulationLoop loop, RateStream? stream, string origin = "control")
{
    /// <summary>How long a change may wait for its frame boundary before the reply gives up (a stalled renderer).</summary>
    static readonly TimeSpan ApplyTimeout = TimeSpan.FromSeconds(10);

    public const int ProtocolVersion = 1;

    public Task<Dictionary<string, object?>> Handle(string type, Dictionary<string, object?> m) => type switch
    {
        "hello" => Task.FromResult(Hello()),
        "get_state" => Task.FromResult(State()),
        "set_param" => Apply(SimEvent.SetParam(Text(m, "layer"), Text(m, "name"), ValueJson(m), origin)),
        "load_scene" => Apply(SimEvent.LoadScene(SceneJson(m), origin)),
        "pause" => Apply(SimEvent.Pause(origin)),
        "resume" => Apply(SimEvent.Resume(origin)),
        "mark" => Apply(SimEvent.Mark(m.GetValueOrDefault("label") as string ?? "", origin)),
        _ => throw new RequestException($"unknown request type '{type}' (known: hello, get_state, set_param, load_scene, pause, resume, mark, subscribe, unsubscribe)"),
    };

    Dictionary<string, object?> Hello() => new()
    {
        ["server"] = "vist", ["protocol"] = ProtocolVersion, ["model"] = loop.Info.ModelName, ["model_hash"] = loop.Info.ModelHash,
        ["frame_rate"] = Renderer.FrameSpec.FrameRate, ["paced"] = loop.Info.Paced,
        ["cells"] = loop.Info.Cells.Select(c => (object?)new Dictionary<string, object?>
            { ["id"] = c.Id, ["type"] = c.Type, ["x"] = c.CenterX, ["y"] = c.CenterY }).ToList(),
    };

    Dictionary<string, object?> State()
    {
        var s = loop.State;
        return new()
        {
            ["frame"] = s.FramesRendered, ["scored"] = s.FramesScored, ["t"] = Renderer.FrameSpec.TimeOf(s.FramesScored),
            ["paused"] = s.Paused, ["late"] = s.Late, ["dropped"] = s.Dropped, ["subscribers"] = stream?.Count ?? 0,
        };
    }

    /// <summary>Posts an event for the next frame boundary and waits until it is applied: {"frame": k}, the first
    /// frame that shows it; a <see cref="RequestException"/> with the reason when the stimulus refused it.</summary>
    public async Task<Dictionary<string, object?>> Apply(SimEvent e)
    {
        var applied = loop.Events.Post(e);
        if (await Task.WhenAny(applied, Task.Delay(ApplyTimeout)) != applied)
            throw new RequestException($"not applied within {ApplyTimeout.TotalSeconds} s (is the renderer stalled?)");
        try { return new() { ["frame"] = await applied }; }
        catch (Exception ex) { throw new RequestException(ex.Message); }
    }

    static string Text(Dictionary<string, object?> m, string key) =>
        m.TryGetValue(key, out var v) && v is string s && s.Length > 0 ? s : throw new RequestException($"needs a non-empty string '{key}'");

    static string ValueJson(Dictionary<string, object?> m)
    {
        if (!m.TryGetValue("value", out var v)) throw new RequestException("needs a 'value'");
        try { return MsgValue.ToJson(v); } catch (ArgumentException e) { throw new RequestException(e.Message); }
    }

    static string SceneJson(Dictionary<string, object?> m) => m.GetValueOrDefault("scene") switch
    {
        string s => s,
        Dictionary<string, object?> map => MsgValue.ToJson(map),
        _ => throw new RequestException("needs a 'scene': JSON text or a map"),
    };
}

/// <summary>A well-formed request that cannot be done; the reply carries the reason and the connection stays open.</summary>
public sealed class RequestException(string message) : Exception(message);

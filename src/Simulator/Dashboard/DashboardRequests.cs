using ViST.Renderer.Scenes;
using ViST.Simulator.Control;
using ViST.Simulator.Display;
using ViST.Simulator.Loop;

namespace ViST.Simulator.Dashboard;

/// <summary>
/// What a browser may ask, answered through the control path: every change becomes an event applied at a frame
/// boundary and recorded with its frame, posted by the control protocol's <see cref="RequestHandler"/> (origin
/// "dashboard"). Requests of the control protocol keep their meaning (set_param, load_scene, pause, resume, mark,
/// get_state); the dashboard adds scene files (load_example, load_file, get_scene), layer edits (add_layer,
/// remove_layer, move_layer, set_scene) and solo. A scene file or a layer edit is loaded as a whole scene.
/// <para>Changes to the scene are made one at a time, each waiting until the dashboard's view of the scene shows
/// it, and a layer edit names the scene version it was made on: an edit made on a scene that changed meanwhile (by
/// another browser, the keyboard, the control port) is refused instead of undoing that change.</para>
/// </summary>
public sealed class DashboardRequests
{
    public const string Origin = "dashboard";
    static readonly TimeSpan FollowTimeout = TimeSpan.FromSeconds(10);
    readonly RequestHandler _handler;
    readonly DashboardFeed _feed;
    readonly ExampleScenes _examples;
    readonly int _cells;
    readonly SemaphoreSlim _oneChangeAtATime = new(1, 1);

    public DashboardRequests(SimulationLoop loop, DashboardFeed feed, ExampleScenes examples)
    {
        _handler = new RequestHandler(loop, null, Origin);
        _feed = feed;
        _examples = examples;
        _cells = loop.Info.Cells.Count;
    }

    public const string Known = "set_param, load_scene, load_example, load_file, get_scene, add_layer, remove_layer, move_layer, set_scene, " +
        "pause, resume, mark, solo, get_state";

    /// <summary>Answers one request: its results, or a <see cref="RequestException"/> with the reason.</summary>
    public Task<Dictionary<string, object?>> Handle(string type, Dictionary<string, object?> m) => type switch
    {
        // a stimulus without a scene to follow (a stand-in in tests) has nothing for the dashboard's view to catch up with
        "set_param" => ChangeScene(() => _handler.Handle(type, m), follow: _feed.Scene.Scene != null),
        "pause" or "resume" or "mark" or "get_state" => _handler.Handle(type, m),
        "load_scene" => ChangeScene(() => Load(Parse(Text(m, "scene"), "upload " + (m.GetValueOrDefault("name") as string ?? "")))),
        "load_example" => ChangeScene(() => Load(ReadFile(Examples(Text(m, "name"))))),
        "load_file" => ChangeScene(() => Load(ReadFile(Text(m, "path")))),
        "get_scene" => Task.FromResult(new Dictionary<string, object?> { ["scene"] = SceneNow().Scene.ToJson() }),
        "add_layer" => Edit(m, s => SceneEdits.AddLayer(s, Text(m, "layer_type"), Parameters(m), OptionalIndex(m, "at"))),
        "remove_layer" => Edit(m, s => SceneEdits.RemoveLayer(s, Index(m, "layer"))),
        "move_layer" => Edit(m, s => SceneEdits.MoveLayer(s, Index(m, "layer"), Index(m, "to"))),
        "set_scene" => Edit(m, s => SceneEdits.SetField(s, Text(m, "name"), m.GetValueOrDefault("value"))),
        "solo" => _handler.Apply(SimEvent.Note(LiveKeys.SoloNote(Cells(m)), Origin)),
        _ => throw new RequestException($"unknown request type '{type}' (known: {Known})"),
    };

    Task<Dictionary<string, object?>> Load(Scene scene) => _handler.Apply(SimEvent.LoadScene(scene.ToJson(), Origin));

    /// <summary>A layer edit on the version of the scene the browser saw.</summary>
    Task<Dictionary<string, object?>> Edit(Dictionary<string, object?> m, Func<Scene, Scene> edit) => ChangeScene(() =>
    {
        var (scene, version) = SceneNow();
        if (m.GetValueOrDefault("version") is not long seen) throw new RequestException("needs the scene 'version' the edit was made on");
        if (seen != version)
            throw new RequestException($"the scene changed since you saw it (version {seen}, now {version}): the inspector shows it as it is now; edit again");
        Scene edited;
        try { edited = edit(scene); }
        catch (ArgumentException e) { throw new RequestException(e.Message); }
        return Load(edited);
    });

    /// <summary>Runs one scene change at a time and returns once the dashboard's view of the scene follows it.</summary>
    async Task<Dictionary<string, object?>> ChangeScene(Func<Task<Dictionary<string, object?>>> change, bool follow = true)
    {
        await _oneChangeAtATime.WaitAsync();
        try
        {
            long before = _feed.Scene.Version;
            var reply = await change();
            if (!follow) return reply;
            // the renderer has applied it; the feed sees it once the model thread gets there (a frame at most)
            var followed = _feed.SceneChangedAfter(before);
            if (await Task.WhenAny(followed, Task.Delay(FollowTimeout)) != followed)
                throw new RequestException($"applied at frame {reply.GetValueOrDefault("frame")}, but the run did not get to it within {FollowTimeout.TotalSeconds} s (is the model stalled?)");
            // the version that includes this change, so the browser can edit again before the new scene reaches it
            reply["version"] = _feed.Scene.Version;
            return reply;
        }
        finally { _oneChangeAtATime.Release(); }
    }

    (Scene Scene, long Version) SceneNow()
    {
        var (scene, version) = _feed.Scene;
        return scene is null ? throw new RequestException("the stimulus is a movie: it has no scene or layers to edit or save") : (scene, version);
    }

    string Examples(string name)
    {
        try { return _examples.PathOf(name); }
        catch (ArgumentException e) { throw new RequestException(e.Message); }
    }

    /// <summary>A scene file on the machine vist runs on; media paths in it are taken from the file's folder.</summary>
    static Scene ReadFile(string path)
    {
        try { return SceneJson.Load(path); }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or IOException)
        {
            throw new RequestException(e.Message);
        }
    }

    /// <summary>Scene text from the browser (an uploaded file); media paths in it are taken from vist's folder.</summary>
    static Scene Parse(string json, string source)
    {
        try { return SceneJson.Parse(json, source.TrimEnd()); }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException) { throw new RequestException(e.Message); }
    }

    int[] Cells(Dictionary<string, object?> m)
    {
        if (m.GetValueOrDefault("cells") is not List<object?> list || list.Any(c => c is not long))
            throw new RequestException("needs 'cells': a list of cell indices (empty: hear every cell)");
        var cells = list.Cast<long>().ToArray();
        foreach (long c in cells)
            if (c < 0 || c >= _cells) throw new RequestException($"cell {c} does not exist (cells are 0..{_cells - 1})");
        return cells.Select(c => (int)c).ToArray();
    }

    static IEnumerable<(string, object?)> Parameters(Dictionary<string, object?> m) => m.GetValueOrDefault("params") switch
    {
        null => [],
        Dictionary<string, object?> p => p.Select(kv => (kv.Key, kv.Value)).ToList(),
        _ => throw new RequestException("'params' must be an object {name: value}"),
    };

    static string Text(Dictionary<string, object?> m, string key) =>
        m.GetValueOrDefault(key) is string { Length: > 0 } s ? s : throw new RequestException($"needs a non-empty string '{key}'");

    static int Index(Dictionary<string, object?> m, string key) =>
        m.GetValueOrDefault(key) is long n && n is >= 0 and <= int.MaxValue ? (int)n : throw new RequestException($"needs '{key}': a layer index (0, 1, ...)");

    static int? OptionalIndex(Dictionary<string, object?> m, string key) => m.ContainsKey(key) && m[key] != null ? Index(m, key) : null;
}

using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ViST.Cli;
using ViST.Renderer.Scenes;
using ViST.Simulator.Dashboard;
using ViST.Simulator.Loop;
using ViST.Simulator.Tests.Fakes;
using ViST.Tests;

namespace ViST.Simulator.Tests.Dashboard;

/// <summary>The dashboard served by Kestrel to real HTTP and WebSocket clients, over a loop with the real renderer.</summary>
public class DashboardServerTests
{
    const string SpotScene = """{"seed": 1, "background": 0.5, "layers": [{"type": "spot", "id": "spot", "radius_px": 40}]}""";

    sealed class Served : IDisposable
    {
        public readonly SimulationLoop Loop;
        public readonly DashboardServer Server;
        public readonly CollectingSink Log = new();
        public readonly string Examples = TestPaths.TempDir();
        readonly Task<RunSummary> _run;

        public Served(string sceneJson = SpotScene)
        {
            File.WriteAllText(Path.Combine(Examples, "grating.json"), """{"layers": [{"type": "grating", "id": "g", "cycles_per_px": 0.05}]}""");
            var retina = FakeRetina.WithCellsAt((100, 100), (260, 260));
            Loop = new SimulationLoop(() => Runtime.SceneStimulus.Create(sceneJson), retina,
                new RunInfo(retina.Name, "sha256:fake", retina.Cells, sceneJson, Paced: true), new LoopOptions { Paced = true }, [Log]);
            Server = new DashboardServer(Loop, new DashboardSettings(0, AnyAddress: false), new DashboardRun(null, false), new ExampleScenes(Examples));
            _run = Runs.Start(Loop);
        }

        public Uri Http(string path = "/") => new($"http://127.0.0.1:{Server.Port}{path}");

        public void Dispose()
        {
            Loop.Stop();
            _run.Wait();
            Server.Dispose();
        }
    }

    /// <summary>A browser's side of the WebSocket: JSON requests, their replies, the pushed messages.</summary>
    sealed class Browser : IDisposable
    {
        readonly ClientWebSocket _ws = new();
        int _id;
        public readonly List<JsonElement> Pushed = [];

        public static async Task<Browser> Open(Served s, string? origin = null)
        {
            var b = new Browser();
            if (origin != null) b._ws.Options.SetRequestHeader("Origin", origin);
            await b._ws.ConnectAsync(new Uri($"ws://127.0.0.1:{s.Server.Port}/ws"), CancellationToken.None);
            return b;
        }

        public async Task<JsonElement> Next(Func<JsonElement, bool> wanted)
        {
            var buffer = new byte[1 << 20];
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (true)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult r;
                do
                {
                    r = await _ws.ReceiveAsync(buffer, timeout.Token);
                    if (r.MessageType == WebSocketMessageType.Close) throw new IOException($"closed: {_ws.CloseStatusDescription}");
                    message.Write(buffer, 0, r.Count);
                } while (!r.EndOfMessage);
                if (r.MessageType != WebSocketMessageType.Text) continue;
                var m = JsonDocument.Parse(message.ToArray()).RootElement.Clone();
                if (wanted(m)) return m;
                Pushed.Add(m);
            }
        }

        public async Task<JsonElement> Request(string json)
        {
            int id = ++_id;
            string withId = json.TrimEnd().TrimEnd('}') + (json.Trim() == "{}" ? "" : ", ") + $"\"id\": {id}}}";
            await _ws.SendAsync(Encoding.UTF8.GetBytes(withId), WebSocketMessageType.Text, true, CancellationToken.None);
            return await Next(m => m.GetProperty("type").GetString() == "reply" && m.GetProperty("id").GetInt32() == id);
        }

        public async Task<long> SceneVersion() => (await Next(m => m.GetProperty("type").GetString() == "scene")).GetProperty("version").GetInt64();

        public void Dispose() => _ws.Dispose();
    }

    [Fact]
    public async Task The_page_and_its_files_come_from_the_program_and_nothing_points_elsewhere()
    {
        using var s = new Served();
        using var http = new HttpClient();
        var page = await http.GetAsync(s.Http());
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        string html = await page.Content.ReadAsStringAsync();
        foreach (Match m in Regex.Matches(html, "(?:src|href)=\"([^\"]+)\""))
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(s.Http("/" + m.Groups[1].Value))).StatusCode);
        foreach (string path in DashboardAssets.Paths)
        {
            string text = Encoding.UTF8.GetString(DashboardAssets.Find(path)!.Bytes);
            // the only absolute URL in the page's files is the SVG namespace, which is a name, not a fetch
            Assert.All(Regex.Matches(text, @"https?://[^\s'""`)]+").Select(u => u.Value), u => Assert.Equal("http://www.w3.org/2000/svg", u));
            foreach (Match import in Regex.Matches(text, @"from '([^']+)'"))
                Assert.NotNull(DashboardAssets.Find("js/" + import.Groups[1].Value.TrimStart('.', '/')));
        }
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(s.Http("/secrets.txt"))).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await http.PostAsync(s.Http(), new StringContent("x"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync(s.Http("/ws"))).StatusCode);
    }

    [Fact]
    public async Task Pages_of_other_sites_and_other_host_names_are_refused()
    {
        using var s = new Served();
        using var http = new HttpClient();
        var rebound = new HttpRequestMessage(HttpMethod.Get, s.Http());
        rebound.Headers.Host = $"attacker.example:{s.Server.Port}";
        var refused = await http.SendAsync(rebound);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("answers only on this machine", await refused.Content.ReadAsStringAsync());

        var foreign = await Assert.ThrowsAsync<WebSocketException>(() => Browser.Open(s, origin: "http://attacker.example"));
        Assert.Contains("403", foreign.Message);
        using var own = await Browser.Open(s, origin: $"http://127.0.0.1:{s.Server.Port}");
        Assert.Equal("hello", (await own.Next(_ => true)).GetProperty("type").GetString());
    }

    [Fact]
    public void A_port_in_use_or_out_of_range_is_a_clear_error()
    {
        var retina = FakeRetina.WithCellsAt((100, 100));
        var loop = Runs.Loop(retina, () => new FakeScene(), new LoopOptions());
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var inUse = Assert.Throws<UserInputException>(() => new DashboardServer(loop, new DashboardSettings(port, false), new DashboardRun(null, false)));
        Assert.Equal($"--ui {port}: cannot serve the dashboard on 127.0.0.1:{port}: the port is in use (another vist run or another program?); " +
            "choose another with --ui PORT, or --ui 0 for any free port", inUse.Message);
        var outOfRange = Assert.Throws<UserInputException>(() => new DashboardServer(loop, new DashboardSettings(70000, false), new DashboardRun(null, false)));
        Assert.Equal("--ui 70000: not a TCP port (give 1-65535, or 0 for any free port)", outOfRange.Message);
    }

    [Fact]
    public async Task Scene_files_and_layer_edits_go_through_load_scene_at_a_frame_and_stale_edits_are_refused()
    {
        using var s = new Served();
        using var b = await Browser.Open(s);
        long v = await b.SceneVersion();

        var added = await b.Request($$"""{"type": "add_layer", "layer_type": "bar", "params": {"width_px": 8}, "version": {{v}}}""");
        Assert.True(added.GetProperty("ok").GetBoolean(), added.ToString());
        long after = added.GetProperty("version").GetInt64();
        Assert.True(after > v);
        var stale = await b.Request($$"""{"type": "remove_layer", "layer": 0, "version": {{v}}}""");
        Assert.Contains($"the scene changed since you saw it (version {v}, now {after})", stale.GetProperty("error").GetString());
        Assert.True((await b.Request($$"""{"type": "move_layer", "layer": 1, "to": 0, "version": {{after}}}""")).GetProperty("ok").GetBoolean());
        var saved = SceneJson.Parse((await b.Request("""{"type": "get_scene"}""")).GetProperty("scene").GetString()!);
        Assert.Equal(["bar", "spot"], saved.Layers.Select(l => l.Id));
        Assert.Equal(8.0, saved.Layers[0].Params["width_px"]);

        var example = await b.Request("""{"type": "load_example", "name": "grating.json"}""");
        Assert.True(example.GetProperty("ok").GetBoolean(), example.ToString());
        var missing = await b.Request("""{"type": "load_example", "name": "../../etc/passwd"}""");
        Assert.Contains("no example scene \"../../etc/passwd\" (examples: grating.json)", missing.GetProperty("error").GetString());
        var noFile = await b.Request("""{"type": "load_file", "path": "/no/such/scene.json"}""");
        Assert.Contains("/no/such/scene.json: no such scene file", noFile.GetProperty("error").GetString());
        var badUpload = await b.Request("""{"type": "load_scene", "name": "mine.json", "scene": "{\"layers\": [{\"type\": \"spot\", \"radius_px\": -1}]}"}""");
        Assert.Contains("upload mine.json: layers[0] (spot) radius_px: expected number in pixels, value > 0", badUpload.GetProperty("error").GetString());

        Runs.WaitUntil(() => s.Log.Events.Count(e => e.Kind == SimEventKind.LoadScene) == 3, "three scene loads recorded");
        var loads = s.Log.Events.Where(e => e.Kind == SimEventKind.LoadScene).ToList();
        Assert.All(loads, e => Assert.Equal("dashboard", e.Origin));
        Assert.Equal(["g"], SceneJson.Parse(loads[^1].Json!).Layers.Select(l => l.Id));   // what is recorded replays: a whole scene
        Assert.DoesNotContain(loads, e => e.Json!.Contains(s.Examples, StringComparison.Ordinal));   // no machine path in the recording
    }

    [Fact]
    public async Task Pause_resume_and_mark_are_the_control_protocols_and_show_in_the_status()
    {
        using var s = new Served();
        using var b = await Browser.Open(s);
        Assert.True((await b.Request("""{"type": "pause"}""")).GetProperty("ok").GetBoolean());
        await b.Next(m => m.GetProperty("type").GetString() == "status" && m.GetProperty("paused").GetBoolean());
        long mark = (await b.Request("""{"type": "mark", "label": "stimulus on"}""")).GetProperty("frame").GetInt64();
        Assert.True((await b.Request("""{"type": "resume"}""")).GetProperty("ok").GetBoolean());
        var state = await b.Request("""{"type": "get_state"}""");
        Assert.False(state.GetProperty("paused").GetBoolean());
        Runs.WaitUntil(() => s.Log.Events.Any(e => e.Kind == SimEventKind.Resume), "the resume");
        Assert.Equal([SimEventKind.Pause, SimEventKind.Mark, SimEventKind.Resume], s.Log.Events.Select(e => e.Kind));
        Assert.Equal(("stimulus on", mark), (s.Log.Events[1].Label, s.Log.Events[1].Frame));
    }
}

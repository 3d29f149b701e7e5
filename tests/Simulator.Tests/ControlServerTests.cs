using ViST.Simulator.Control;
using ViST.Simulator.Loop;
using ViST.Simulator.Tests.Fakes;

namespace ViST.Simulator.Tests;

public class ControlServerTests
{
    sealed class Live : IDisposable
    {
        public FakeScene? Scene;
        public readonly SimulationLoop Loop;
        public readonly ControlServer Server;
        public readonly Task<RunSummary> Run;

        public Live(bool paced)
        {
            Loop = Runs.Loop(FakeRetina.WithCellsAt((100, 100), (260, 260)), () => Scene = new FakeScene(), new LoopOptions { Paced = paced });
            Server = new ControlServer(Loop, 0);
            Run = Runs.Start(Loop);
        }

        public void Dispose()
        {
            Loop.Stop();
            Run.Wait();
            Server.Dispose();
        }
    }

    [Fact]
    public void Set_param_over_the_socket_changes_the_pixels_from_the_next_frame_on()
    {
        using var live = new Live(paced: true);
        using var client = new TestClient(live.Server.Port);
        var hello = client.Request(new() { ["type"] = "hello", ["id"] = 1L });
        Assert.Equal(true, hello["ok"]);
        Assert.Equal(1L, hello["id"]);
        Assert.Equal(2, ((List<object?>)hello["cells"]!).Count);

        Assert.Equal(true, client.Request(new() { ["type"] = "subscribe" })["ok"]);
        var reply = client.Request(new() { ["type"] = "set_param", ["layer"] = "spot", ["name"] = "center_px", ["value"] = new List<object?> { 100L, 100L }, ["id"] = "move" });
        Assert.Equal(true, reply["ok"]);
        Assert.Equal("move", reply["id"]);
        long k = (long)reply["frame"]!;

        Runs.WaitUntil(() => live.Loop.State.FramesScored > k + 3, "frames after the change");
        Assert.All(live.Scene!.Rendered, r => Assert.Equal(r.Index >= k ? 100.0 : 180.0, r.X));

        // the streamed rates of the cell at (100,100) jump at frame k and not before
        var rates = new Dictionary<long, float>();
        while (!rates.ContainsKey(k + 1))
        {
            var m = client.Receive()!;
            if (m["type"] as string == "rates") rates[(long)m["frame"]!] = (float)(double)((List<object?>)m["rates"]!)[0]!;
        }
        if (rates.TryGetValue(k - 1, out var before)) Assert.True(rates[k] > before + 5);
        Assert.True(rates[k + 1] > rates[k]);
    }

    [Fact]
    public void Every_request_gets_a_reply_or_a_reason()
    {
        using var live = new Live(paced: true);
        using var client = new TestClient(live.Server.Port);
        Assert.Equal(true, client.Request(new() { ["type"] = "pause" })["ok"]);
        Assert.Equal(true, client.Request(new() { ["type"] = "get_state" })["paused"]);
        Assert.Equal(true, client.Request(new() { ["type"] = "mark", ["label"] = "stimulus on" })["ok"]);
        Assert.Equal(true, client.Request(new() { ["type"] = "resume" })["ok"]);
        Assert.Equal(true, client.Request(new() { ["type"] = "load_scene", ["scene"] = new Dictionary<string, object?>
            { ["layers"] = new Dictionary<string, object?> { ["background"] = new Dictionary<string, object?> { ["luminance"] = 90L } } } })["ok"]);

        var unknown = client.Request(new() { ["type"] = "set_param", ["layer"] = "grating", ["name"] = "contrast", ["value"] = 0.5 });
        Assert.Equal(false, unknown["ok"]);
        Assert.Contains("grating.contrast", (string)unknown["error"]!);
        Assert.Contains("needs a non-empty string 'layer'", (string)client.Request(new() { ["type"] = "set_param", ["layer"] = 3L })["error"]!);
        Assert.Contains("unknown request type", (string)client.Request(new() { ["type"] = "dance" })["error"]!);
        Assert.Equal(false, client.Request(new() { ["type"] = "unsubscribe" })["ok"]);
        Assert.Equal(90.0, live.Scene!.Background);   // the connection survived all of that
    }

    [Fact]
    public void A_fuzzed_port_closes_bad_connections_while_the_loop_runs_on()
    {
        using var live = new Live(paced: true);
        var rng = new Random(1234);
        long framesBefore = live.Loop.State.FramesScored;
        int sent = 0, fatal = 0, refused = 0;
        using var steady = new TestClient(live.Server.Port);   // a well-behaved client that must be unaffected
        while (sent < 10_000)
        {
            using var client = new TestClient(live.Server.Port);
            // a run of well-framed but wrong requests (each gets a reason, the connection stays) ...
            for (int i = rng.Next(0, 40); i > 0; i--, sent++)
            {
                var reply = client.Request(Fuzz.WrongRequest(rng));
                Assert.Equal(false, reply["ok"]);
                Assert.IsType<string>(reply["error"]);
                refused++;
            }
            // ... then one that breaks the protocol: an error marked fatal and the connection closed
            client.SendRaw(Fuzz.Malformed(rng));
            client.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
            sent++;
            var last = client.Receive();
            if (last != null)
            {
                Assert.Equal(false, last["ok"]);
                Assert.Equal(true, last["fatal"]);
                Assert.Null(client.Receive());
            }
            fatal++;
            if (fatal % 50 == 0) Assert.Equal(true, steady.Request(new() { ["type"] = "get_state" })["ok"]);
        }
        Runs.WaitUntil(() => live.Loop.State.FramesScored > framesBefore + 3, "the loop to keep advancing");
        Assert.False(live.Run.IsCompleted);
        Assert.True(fatal > 100 && refused > 1000, $"{fatal} fatal, {refused} refused");
    }
}

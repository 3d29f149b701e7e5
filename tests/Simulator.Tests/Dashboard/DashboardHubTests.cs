using System.Net.WebSockets;
using System.Text.Json;
using ViST.Simulator.Dashboard;
using ViST.Simulator.Loop;
using ViST.Simulator.Tests.Fakes;
using ViST.Tests;

namespace ViST.Simulator.Tests.Dashboard;

/// <summary>The hub with fake sockets (no network): slow, vanished and misbehaving browsers cost the run nothing.</summary>
public class DashboardHubTests
{
    sealed class Setup : IAsyncDisposable
    {
        public readonly SimulationLoop Loop;
        public readonly DashboardFeed Feed;
        public readonly DashboardHub Hub;
        public readonly CollectingSink Log = new();
        public FakeScene? Scene;

        public Setup(LoopOptions options)
        {
            Loop = Runs.Loop(FakeRetina.WithCellsAt((100, 100), (260, 260)), () => Scene = new FakeScene(), options, Log);
            Feed = new DashboardFeed(Loop.Info);
            Loop.AddSink(Feed);
            var examples = new ExampleScenes(TestPaths.TempDir());
            Hub = new DashboardHub(Feed, new DashboardRequests(Loop, Feed, examples), new DashboardRun(null, false), examples);
        }

        public DashboardClient Client(int index) => Hub.Clients.OrderBy(c => c.Id).ElementAt(index);

        public async ValueTask DisposeAsync()
        {
            Loop.Stop();
            await Hub.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_browser_that_never_reads_loses_frames_not_the_run_and_the_others_get_every_newest_frame()
    {
        const int frames = 600;
        await using var s = new Setup(new LoopOptions { Paced = false, MaxFrames = frames });
        var stuck = new FakeWebSocket(FakeWebSocket.Sending.NeverCompletes);
        var reading = new FakeWebSocket();
        var stuckServed = s.Hub.ServeAsync(stuck);
        var readingServed = s.Hub.ServeAsync(reading);
        Assert.Equal(2, s.Hub.Browsers);

        var run = Runs.Start(s.Loop);
        Runs.WaitUntil(() => run.IsCompleted, "the run to end (it would not, if the stuck browser could hold up the loop)");

        Assert.Equal(frames, (await run).Frames);
        Runs.WaitUntil(() => s.Hub.LastFrameSent == frames - 1, "the hub to hand out the last frame");
        var stuckClient = s.Client(0);
        Assert.Equal(1, stuck.SendCalls);   // the hello, which never completes
        Assert.Equal(ClientOutbox.FrameCapacity, stuckClient.Outbox.FramesWaiting);
        // every frame the hub handed out is either waiting (the newest 16) or counted as dropped: none lost silently
        Assert.Equal(frames - s.Feed.DroppedBeforeHub, stuckClient.Outbox.DroppedFrames + stuckClient.Outbox.FramesWaiting);
        Runs.WaitUntil(() => reading.FrameIndices.Contains(frames - 1), "the reading browser to get the last frame");
        var got = reading.FrameIndices;
        Assert.Equal(got.Order(), got);   // in order, never duplicated
        Assert.Equal(got.Count, got.Distinct().Count());

        await s.Hub.DisposeAsync();   // the stuck browser is cut off; the reading one is closed politely
        Runs.WaitUntil(() => stuckServed.IsCompleted && readingServed.IsCompleted, "both connections to end");
        Assert.True(stuck.Aborted);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, reading.ClosedWith);
        Assert.Equal("the run has ended", reading.CloseStatusDescriptionSent);
    }

    [Fact]
    public async Task A_vanished_browser_is_forgotten()
    {
        await using var s = new Setup(new LoopOptions { Paced = true });
        var run = Runs.Start(s.Loop);
        var gone = s.Hub.ServeAsync(new FakeWebSocket(FakeWebSocket.Sending.Fails));
        Runs.WaitUntil(() => gone.IsCompleted, "the vanished browser's connection to end");
        Assert.Equal(0, s.Hub.Browsers);
        Assert.False(s.Feed.Watched);   // frames are no longer handed over for nobody
        s.Loop.Stop();
        await run;
    }

    [Fact]
    public async Task A_new_browser_gets_hello_scene_status_and_frames_and_its_changes_are_applied_at_a_frame_and_recorded()
    {
        await using var s = new Setup(new LoopOptions { Paced = true });
        var run = Runs.Start(s.Loop);
        var browser = new FakeWebSocket();
        var served = s.Hub.ServeAsync(browser);
        Runs.WaitUntil(() => browser.FrameIndices.Count > 2, "frames");
        var types = browser.TextMessages.Select(m => m.GetProperty("type").GetString()).ToList();
        Assert.Equal("hello", types[0]);
        Assert.Contains("scene", types);
        Assert.Contains("status", types);
        var hello = browser.TextMessages[0];
        Assert.Equal(2, hello.GetProperty("cells").GetArrayLength());
        Assert.Equal(100, hello.GetProperty("cells")[0].GetProperty("x").GetDouble());

        browser.BrowserSends("""{"type": "set_param", "id": 7, "layer": "spot", "name": "center_px", "value": [100, 100]}""");
        var reply = WaitForReply(browser, 7);
        Assert.True(reply.GetProperty("ok").GetBoolean(), reply.ToString());
        long k = reply.GetProperty("frame").GetInt64();
        Runs.WaitUntil(() => s.Log.Frames.Count > k + 2, "frames after the change");
        Assert.All(s.Scene!.Rendered, r => Assert.Equal(r.Index >= k ? 100.0 : 180.0, r.X));
        var recorded = s.Log.Events.Single(e => e.Kind == SimEventKind.SetParam);
        Assert.Equal((k, "dashboard", "spot", "center_px", "[100,100]"), (recorded.Frame, recorded.Origin, recorded.Layer, recorded.Name, recorded.Json));
        Runs.WaitUntil(() => browser.TextMessages.Any(m => m.GetProperty("type").GetString() == "event" && m.GetProperty("frame").GetInt64() == k),
            "the event to reach the browser");

        browser.BrowserSends("""{"type": "set_param", "id": 8, "layer": "spot", "name": "center_px", "value": "left"}""");
        var refused = WaitForReply(browser, 8);
        Assert.False(refused.GetProperty("ok").GetBoolean());
        Assert.StartsWith("set_param: ", refused.GetProperty("error").GetString());
        browser.BrowserSends("""{"type": "dance", "id": 9}""");
        Assert.Contains("unknown request type 'dance'", WaitForReply(browser, 9).GetProperty("error").GetString());
        Assert.False(served.IsCompleted);   // refusals keep the connection

        browser.BrowserCloses();
        Runs.WaitUntil(() => served.IsCompleted, "the connection to end after the browser closed it");
        s.Loop.Stop();
        await run;
    }

    [Theory]
    [InlineData("not json at all", "not valid JSON")]
    [InlineData("[1, 2]", "the message is a JSON array, not an object")]
    [InlineData("""{"kind": "set_param"}""", "no string 'type' field")]
    [InlineData("""{"type": "mark", "x": 1e999}""", "out of range")]
    [InlineData("binary", "a binary message")]
    [InlineData("huge", "a message over 1048576 bytes")]
    public async Task A_malformed_message_closes_its_own_connection_with_the_reason_and_no_other(string message, string reason)
    {
        await using var s = new Setup(new LoopOptions { Paced = true });
        var run = Runs.Start(s.Loop);
        var bad = new FakeWebSocket();
        var good = new FakeWebSocket();
        var badServed = s.Hub.ServeAsync(bad);
        var goodServed = s.Hub.ServeAsync(good);
        if (message == "binary") bad.BrowserSendsBinary([1, 2, 3]);
        else if (message == "huge") bad.BrowserSends("{\"type\": \"mark\", \"label\": \"" + new string('x', 1 << 20) + "\"}");
        else bad.BrowserSends(message);

        Runs.WaitUntil(() => badServed.IsCompleted, "the malformed connection to close");
        var fatal = bad.TextMessages.Last(m => m.GetProperty("type").GetString() == "error");
        Assert.True(fatal.GetProperty("fatal").GetBoolean());
        Assert.Contains(reason, fatal.GetProperty("error").GetString());
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, bad.ClosedWith);

        good.BrowserSends("""{"type": "mark", "id": 1, "label": "still here"}""");
        Assert.True(WaitForReply(good, 1).GetProperty("ok").GetBoolean());
        Assert.False(goodServed.IsCompleted);
        s.Loop.Stop();
        await run;
    }

    [Fact]
    public async Task Solo_cells_are_checked_and_posted_as_the_keyboards_solo_note()
    {
        await using var s = new Setup(new LoopOptions { Paced = true });
        var run = Runs.Start(s.Loop);
        var browser = new FakeWebSocket();
        _ = s.Hub.ServeAsync(browser);
        browser.BrowserSends("""{"type": "solo", "id": 1, "cells": [5]}""");
        Assert.Contains("cell 5 does not exist (cells are 0..1)", WaitForReply(browser, 1).GetProperty("error").GetString());
        browser.BrowserSends("""{"type": "solo", "id": 2, "cells": [1]}""");
        Assert.True(WaitForReply(browser, 2).GetProperty("ok").GetBoolean());
        Runs.WaitUntil(() => s.Log.Events.Any(e => e.Kind == SimEventKind.Note), "the note");
        Assert.Equal([1], Display.LiveKeys.SoloCells(s.Log.Events.Single(e => e.Kind == SimEventKind.Note))!);
        Runs.WaitUntil(() => browser.TextMessages.Any(m => m.GetProperty("type").GetString() == "status"
            && m.GetProperty("soloed").EnumerateArray().Select(c => c.GetInt32()).SequenceEqual([1])), "the status to show the solo");
        s.Loop.Stop();
        await run;
    }

    static JsonElement WaitForReply(FakeWebSocket browser, long id)
    {
        JsonElement? reply = null;
        Runs.WaitUntil(() => (reply = browser.TextMessages.FirstOrDefault(m => m.GetProperty("type").GetString() == "reply"
            && m.TryGetProperty("id", out var i) && i.GetInt64() == id)) is { ValueKind: JsonValueKind.Object }, $"the reply to request {id}");
        return reply!.Value;
    }
}

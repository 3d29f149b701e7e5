using System.Text;
using ViST.Simulator.Dashboard;

namespace ViST.Simulator.Tests.Dashboard;

/// <summary>A browser's outbox: bounded, never makes a writer wait, sends what matters first.</summary>
public class ClientOutboxTests
{
    static byte[] Text(string s) => Encoding.UTF8.GetBytes(s);

    static async Task<List<string>> Drain(ClientOutbox box, int n)
    {
        var got = new List<string>();
        for (int i = 0; i < n; i++)
        {
            var m = (await box.TakeAsync(CancellationToken.None))!.Value;
            got.Add(m.IsText ? Encoding.UTF8.GetString(m.Bytes) : $"frame {m.Bytes[0]}");
        }
        return got;
    }

    [Fact]
    public async Task Frames_beyond_capacity_push_out_the_oldest_and_are_counted()
    {
        var box = new ClientOutbox();
        for (int i = 0; i < ClientOutbox.FrameCapacity + 5; i++) box.OfferFrame([(byte)i]);
        Assert.Equal(ClientOutbox.FrameCapacity, box.FramesWaiting);
        Assert.Equal(5, box.DroppedFrames);
        Assert.Equal("frame 5", (await Drain(box, 1))[0]);   // the oldest kept is the sixth
    }

    [Fact]
    public async Task Messages_go_first_then_the_latest_status_and_scene_then_frames()
    {
        var box = new ClientOutbox();
        box.OfferFrame([1]);
        box.SetLatest("status", Text("status 1"));
        box.SetLatest("status", Text("status 2"));   // replaces the unsent one
        box.SetLatest("scene", Text("scene"));
        Assert.True(box.Post(Text("reply")));
        Assert.Equal(["reply", "scene", "status 2", "frame 1"], await Drain(box, 4));
    }

    [Fact]
    public void A_browser_a_whole_outbox_of_messages_behind_is_reported_instead_of_queued_without_end()
    {
        var box = new ClientOutbox();
        for (int i = 0; i < ClientOutbox.MessageCapacity; i++) Assert.True(box.Post(Text("m")));
        Assert.False(box.Post(Text("one too many")));
        Assert.Equal(ClientOutbox.MessageCapacity, box.MessagesWaiting);
    }

    [Fact]
    public async Task Closing_lets_queued_messages_out_and_then_ends_while_a_hard_stop_ends_at_once()
    {
        var box = new ClientOutbox();
        box.OfferFrame([1]);
        box.Post(Text("the reason"));
        box.CompleteAfterMessages();
        box.OfferFrame([2]);
        Assert.Equal(["the reason"], await Drain(box, 1));
        Assert.Null(await box.TakeAsync(CancellationToken.None));

        var stopped = new ClientOutbox();
        var waiting = stopped.TakeAsync(CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);
        stopped.Complete();
        Assert.Null(await waiting);
    }
}

using ViST.Simulator.Loop;

namespace ViST.Simulator.Tests;

public class EventQueueTests
{
    static SimEvent Mark(string label) => SimEvent.Mark(label, "test");

    [Fact]
    public void Due_events_come_by_target_frame_then_in_posting_order()
    {
        var q = new EventQueue();
        q.Post(Mark("at 5, first"), atFrame: 5);
        q.Post(Mark("at 3"), atFrame: 3);
        q.Post(Mark("next"));
        q.Post(Mark("at 5, second"), atFrame: 5);
        q.Post(Mark("at 9"), atFrame: 9);

        Assert.Equal(["at 3", "at 5, first", "next", "at 5, second"], q.TakeDue(5).Select(p => p.Event.Label));
        Assert.Empty(q.TakeDue(8));
        Assert.Equal(["at 9"], q.TakeDue(20).Select(p => p.Event.Label));
    }

    [Fact]
    public async Task A_closed_queue_fails_what_waits_and_what_comes_later()
    {
        var q = new EventQueue();
        var waiting = q.Post(Mark("a"), atFrame: 100);
        q.Close("the run has ended");
        Assert.Equal("the run has ended", (await Assert.ThrowsAsync<InvalidOperationException>(() => waiting)).Message);
        await Assert.ThrowsAsync<InvalidOperationException>(() => q.Post(Mark("b")));
        Assert.Empty(q.TakeDue(1000));
    }
}

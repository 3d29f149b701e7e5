using ViST.Simulator.Loop;

namespace ViST.Simulator.Tests;

public class EventQueueTests
{
    static SimEvent Mark(string label) => SimEvent.Mark(label, "test");

    static List<string?> Due(EventQueue q, long frame)
    {
        var due = new List<EventQueue.Pending> { null! };    // TakeDue clears what the list held
        q.TakeDue(frame, due);
        return due.Select(p => p.Event.Label).ToList();
    }

    [Fact]
    public void Due_events_come_by_target_frame_then_in_posting_order()
    {
        var q = new EventQueue();
        q.Post(Mark("at 5, first"), atFrame: 5);
        q.Post(Mark("at 3"), atFrame: 3);
        q.Post(Mark("next"));
        q.Post(Mark("at 5, second"), atFrame: 5);
        q.Post(Mark("at 9"), atFrame: 9);

        Assert.Equal(["at 3", "at 5, first", "next", "at 5, second"], Due(q, 5));
        Assert.Empty(Due(q, 8));
        Assert.Equal(["at 9"], Due(q, 20));
    }

    [Fact]
    public async Task A_closed_queue_fails_what_waits_and_what_comes_later()
    {
        var q = new EventQueue();
        var waiting = q.Post(Mark("a"), atFrame: 100);
        q.Close("the run has ended");
        Assert.Equal("the run has ended", (await Assert.ThrowsAsync<InvalidOperationException>(() => waiting)).Message);
        await Assert.ThrowsAsync<InvalidOperationException>(() => q.Post(Mark("b")));
        Assert.Empty(Due(q, 1000));
    }
}

using System.Buffers;
using MessagePack;
using ViST.Simulator.Loop;
using ViST.Simulator.Recording;
using ViST.Simulator.Tests.Fakes;
using ViST.Tests;

namespace ViST.Simulator.Tests;

public class RecordingTests
{
    static (string Path, CollectingSink Sink) RecordRun(int frames = 60)
    {
        string path = Path.Combine(TestPaths.TempDir(), "run.vistrec");
        var sink = new CollectingSink();
        using var writer = new RecordingWriter(path);
        var loop = Runs.Loop(FakeRetina.WithCellsAt((180, 180), (60, 60)), () => new FakeScene { Drift = [1, 0] },
            new LoopOptions { Paced = false, MaxFrames = frames }, sink, writer);
        loop.Events.Post(SimEvent.SetParam("spot", "center_px", "[60, 60]", "test"), atFrame: 20);
        loop.Events.Post(SimEvent.Mark("half way", "test"), atFrame: 30);
        loop.Run();
        return (path, sink);
    }

    [Fact]
    public void A_recording_reads_back_header_frames_events_and_footer()
    {
        var (path, sink) = RecordRun();
        var rec = RecordingReader.Read(path);

        Assert.True(rec.Complete, rec.Problem);
        Assert.Equal("fake-retina", rec.Header.ModelName);
        Assert.Equal(Runs.SceneJson, rec.Header.StimulusJson);
        Assert.Equal(sink.Info!.Cells, rec.Header.Cells);
        Assert.Equal(30.0, rec.Header.FrameRate);
        Assert.Equal(sink.Frames.Count, rec.Frames.Count);
        for (int i = 0; i < rec.Frames.Count; i++)
        {
            Assert.Equal(sink.Frames[i].Index, rec.Frames[i].Index);
            Assert.Equal(sink.Frames[i].Time, rec.Frames[i].Time);
            Assert.Equal(sink.Frames[i].Rates, rec.Frames[i].Rates);
        }
        Assert.Equal(sink.Events, rec.Events);
        Assert.Equal(60, rec.Footer!.Frames);
        Assert.Equal("frames", rec.Footer.EndReason);
    }

    [Fact]
    public void A_recording_cut_anywhere_reads_up_to_its_last_whole_frame()
    {
        var (path, _) = RecordRun();
        byte[] bytes = File.ReadAllBytes(path);
        var ends = RecordEnds(bytes);   // found independently of the reader: where each top-level value ends
        long headerEnd = ends[0];
        var full = RecordingReader.Read(path);
        var rng = new Random(7);
        var cuts = Enumerable.Range(0, 400).Select(_ => rng.NextInt64(headerEnd, bytes.Length)).Concat(ends.Skip(1)).ToList();
        foreach (long cut in cuts)
        {
            var rec = RecordingReader.Read(new MemoryStream(bytes, 0, (int)cut), $"cut@{cut}");
            int whole = ends.Count(e => e <= cut) - 1;             // whole records after the header
            long wholeEnd = ends.Where(e => e <= cut).Max();
            Assert.Equal(cut - wholeEnd, rec.TruncatedBytes);
            Assert.Equal(whole, rec.Frames.Count + rec.Events.Count + (rec.Footer != null ? 1 : 0));
            Assert.Equal(full.Frames.Take(rec.Frames.Count).Select(f => f.Index), rec.Frames.Select(f => f.Index));
            Assert.Equal(cut == bytes.Length, rec.Complete);
            if (!rec.Complete) Assert.Contains($"cut@{cut}", rec.Problem);
        }
    }

    [Fact]
    public void A_file_cut_inside_its_header_or_not_a_recording_is_refused_with_its_name()
    {
        var (path, _) = RecordRun(5);
        byte[] bytes = File.ReadAllBytes(path);
        var cut = Assert.Throws<InvalidDataException>(() => RecordingReader.Read(new MemoryStream(bytes, 0, 30), "short.vistrec"));
        Assert.Contains("short.vistrec", cut.Message);
        var other = MessagePackSerializer.Serialize(new Dictionary<string, int> { ["hello"] = 1 });
        Assert.Contains("not a .vistrec", Assert.Throws<InvalidDataException>(() => RecordingReader.Read(new MemoryStream(other), "x")).Message);
        Assert.Throws<FileNotFoundException>(() => RecordingReader.Read(Path.Combine(TestPaths.TempDir(), "missing.vistrec")));
    }

    [Fact]
    public void A_corrupt_record_in_the_middle_is_reported_with_its_byte_offset()
    {
        var (path, _) = RecordRun(10);
        byte[] bytes = File.ReadAllBytes(path);
        var ends = RecordEnds(bytes);
        // a frame record whose tag is 9: a whole value, but not one the format knows
        bytes[ends[3] + 1] = 9;
        var e = Assert.Throws<InvalidDataException>(() => RecordingReader.Read(new MemoryStream(bytes), "bad.vistrec"));
        Assert.Contains($"byte {ends[3]}", e.Message);
    }

    static List<long> RecordEnds(byte[] bytes)
    {
        var ends = new List<long>();
        var r = new MessagePackReader(new ReadOnlySequence<byte>(bytes));
        while (!r.End) { r.Skip(); ends.Add(r.Consumed); }
        return ends;
    }
}

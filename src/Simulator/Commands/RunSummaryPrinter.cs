using Spectre.Console;
using ViST.Simulator.Loop;

namespace ViST.Simulator.Commands;

/// <summary>The end of `vist run`: a table for people, then one JSON line for scripts.</summary>
public static class RunSummaryPrinter
{
    public static void Print(RunSummary s, IEnumerable<(string Name, string Value)> extra)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("run").AddColumn(new TableColumn("").RightAligned());
        table.AddRow("frames", s.Frames.ToString());
        table.AddRow("seconds", $"{s.Seconds:F2}");
        table.AddRow("frames/s", $"{s.FramesPerSecond:F1}" + (s.Paced ? " (paced at 30)" : " (headless)"));
        table.AddRow("latency p50 / p99", $"{s.LatencyP50Ms:F2} / {s.LatencyP99Ms:F2} ms");
        table.AddRow("late", Warn(s.Late));
        table.AddRow("dropped", Warn(s.Dropped));
        table.AddRow("ended", s.EndReason);
        if (s.Gc is { } gc)
            table.AddRow("GC collections gen0 / 1 / 2", $"{gc.Gen0} / {gc.Gen1} / {gc.Gen2} ({Warn(gc.Gen2AfterFirstSecond)} gen2 after the first second)");
        foreach (var (name, value) in extra) table.AddRow(Markup.Escape(name), Markup.Escape(value));
        AnsiConsole.Write(table);
        Console.Out.WriteLine(s.ToJsonLine());
    }

    static string Warn(long n) => n == 0 ? "0" : $"[yellow]{n}[/]";
}

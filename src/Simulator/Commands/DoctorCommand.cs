using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using ViST.Simulator.Doctor;

namespace ViST.Simulator.Commands;

/// <summary>
/// `vist doctor`: what this machine can do, as one table and one JSON line. Exit code 1 when something `vist run`
/// needs is missing (OpenGL without a display, ONNX Runtime, the default model), each with its fix; what only some
/// runs use (a window, live sound, ffmpeg, the GPU, libtorch for vist-train) is reported, not required.
/// </summary>
public static class DoctorCommand
{
    /// <summary>In the order of the table: what a run needs first, then what only some runs use.</summary>
    static readonly Func<DoctorCheck>[] Checks =
    [
        GraphicsChecks.OpenGl, RuntimeChecks.OnnxRuntime, ModelChecks.DefaultModel, ModelChecks.Cache,
        GraphicsChecks.Window, RuntimeChecks.Audio, RuntimeChecks.Ffmpeg, RuntimeChecks.Cuda, RuntimeChecks.Libtorch,
    ];

    public static Command Create()
    {
        var cmd = new Command("doctor", "What this machine can do (OpenGL, window, sound, ONNX Runtime and CUDA, libtorch, ffmpeg, the default model); exit code 1 when vist run cannot run.");
        cmd.SetAction(_ => Run());
        return cmd;
    }

    static int Run()
    {
        var results = Checks.Select(check => check()).ToList();
        var table = new Table().Border(TableBorder.Rounded).AddColumns("check", "status", "what this machine has", "fix");
        foreach (var r in results)
            table.AddRow(r.Name, Status(r.Status), Markup.Escape(r.Detail), Markup.Escape(r.Fix ?? ""));
        AnsiConsole.Write(table);

        var missing = results.Where(r => r.Status == CheckStatus.Missing).ToList();
        if (missing.Count == 0) AnsiConsole.MarkupLine("[green]vist run can run here.[/]");
        else
            foreach (var r in missing)
                Console.Error.WriteLine($"error: {r.Name}: vist run needs it: {r.Detail}" + (r.Fix is { } fix && !r.Detail.Contains(fix) ? $"; fix: {fix}" : ""));
        Console.WriteLine(Json(results).ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        return missing.Count == 0 ? 0 : 1;
    }

    static string Status(CheckStatus s) => s switch
    {
        CheckStatus.Ok => "[green]ok[/]",
        CheckStatus.Missing => "[red]missing[/]",
        _ => "[yellow]unavailable[/]",
    };

    /// <summary>{"ok": ..., "checks": {name: {"status", "detail", "fix", and the check's own figures}}}.</summary>
    static JsonObject Json(IReadOnlyList<DoctorCheck> results)
    {
        var checks = new JsonObject();
        foreach (var r in results)
        {
            var o = new JsonObject { ["status"] = r.Status.ToString().ToLowerInvariant(), ["detail"] = r.Detail, ["fix"] = r.Fix };
            foreach (var (key, value) in r.Values) o[key] = JsonSerializer.SerializeToNode(value);
            checks[r.Name] = o;
        }
        return new JsonObject { ["ok"] = results.All(r => r.Status != CheckStatus.Missing), ["checks"] = checks };
    }
}

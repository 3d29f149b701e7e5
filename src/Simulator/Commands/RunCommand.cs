using System.CommandLine;
using ViST.Cli;
using ViST.Simulator.Audio;
using ViST.Simulator.Dashboard;

namespace ViST.Simulator.Commands;

/// <summary>`vist run`: the simulator, live at 30 Hz or headless as fast as possible.</summary>
public static class RunCommand
{
    public static Command Create() => Create(RuntimeFactories.Real);

    public static Command Create(RuntimeFactories factories)
    {
        var scene = CliRunner.Optional<string?>("--scene", "scene file (JSON) to show");
        var movie = CliRunner.Optional<string?>("--movie", "movie file to play instead of a scene");
        var model = CliRunner.Optional<string?>("--model", "model bundle folder (*.vist); default: the embedded model");
        var headless = CliRunner.Optional<bool>("--headless", "no window, no pacing: as fast as possible");
        var seconds = CliRunner.Optional<double?>("--seconds", "stop after this much stimulus time (default: until Ctrl+C, or the end of a --movie)");
        var loop = CliRunner.Optional<bool>("--loop", "with --movie: start over at its end instead of ending the run");
        var fit = CliRunner.Optional<string?>("--fit", "with --movie: crop (default: fill the frame, aspect kept, overhang cut), pad (whole picture, grey bands) or stretch");
        fit.AcceptOnlyFromAmong(Renderer.Media.MovieConversion.FitNames);
        var record = CliRunner.Optional<string?>("--record", "write the run to this .vistrec file");
        var audio = CliRunner.WithDefault("--audio", "sonification: a .wav path, live (OpenAL) or off", "off");
        var audioMode = CliRunner.WithDefault("--audio-mode", "cells (a click train per cell), population (one train) or pitch", "cells");
        audioMode.AcceptOnlyFromAmong("cells", "population", "pitch");
        var solo = CliRunner.Optional<int[]>("--audio-solo", "hear only these cells (indices)");
        solo.AllowMultipleArgumentsPerToken = true;
        var control = CliRunner.Optional<int?>("--control", "listen for control clients on this TCP port (127.0.0.1; 0: any free port)");
        var anyAddress = CliRunner.Optional<bool>("--control-any-address", "accept control clients from other machines (no authentication!)");
        var ui = DashboardArguments.Port();
        var uiAnyAddress = CliRunner.Optional<bool>("--ui-any-address", "serve the dashboard to other machines too (no authentication!; default: 127.0.0.1 only)");
        var controller = new ControllerArguments();

        var cmd = new Command("run", "Run the virtual retina on a scene or movie: live at 30 Hz, or --headless as fast as possible.");
        foreach (var o in new Option[] { scene, movie, loop, fit, model, headless, seconds, record, audio, audioMode, solo, control, anyAddress, ui, uiAnyAddress }) cmd.Options.Add(o);
        foreach (var o in controller.All) cmd.Options.Add(o);
        cmd.SetAction(p =>
        {
            var settings = new RunSettings(
                StimulusArguments.ToJson(p.GetValue(scene), p.GetValue(movie), factories.ReadScene, p.GetValue(loop), p.GetValue(fit)), p.GetValue(model), p.GetValue(headless),
                p.GetValue(seconds), p.GetValue(record), p.GetValue(audio)!, Enum.Parse<SonifyMode>(p.GetValue(audioMode)!, ignoreCase: true),
                p.GetValue(solo) ?? [], p.GetValue(control), p.GetValue(anyAddress), controller.Create(p))
            {
                Dashboard = DashboardArguments.Settings(p, ui, uiAnyAddress),
            };
            RunSession.Execute(settings, factories);
            return 0;
        });
        return cmd;
    }
}

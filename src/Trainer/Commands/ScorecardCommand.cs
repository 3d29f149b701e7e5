using System.CommandLine;
using Spectre.Console;
using ViST.Cli;
using ViST.InSilico.Scorecard;
using ViST.RetinaModel;

namespace ViST.Trainer.Commands;

/// <summary>
/// `vist-train scorecard --model M.vist|ln|default [--out DIR]`: is this model a retina? Scores it against the LN
/// retina's ground truth on stimuli generated fresh from seeds (unseen movies, flashes, spatial frequency, white-noise
/// STA, speed); a table, one JSON line, DIR/scorecard.png and DIR/scorecard.json.
/// </summary>
public static class ScorecardCommand
{
    public static Command Create()
    {
        var model = CliRunner.WithDefault("--model", "a model bundle folder (*.vist), 'ln' (the LN retina: scores perfectly) or 'default'", RetinaFactory.DefaultName);
        var output = CliRunner.Optional<string>("--out", "folder for the sweeps, scorecard.json and scorecard.png (default: scorecard-MODEL)");
        var d = DefaultOptions();
        var movieSeed = CliRunner.WithDefault("--movie-seed", "seed of the first unseen naturalistic movie (the next ones: +1, +2, ...)", d.MovieSeed);
        var movies = CliRunner.WithDefault("--movies", "how many unseen movies (the movie criterion is their mean r)", d.Movies);
        var poissonSeed = CliRunner.WithDefault("--poisson-seed", "seed of the LN retina's Poisson trials on the first movie (+1 on the next, ...)", (long)d.PoissonSeed);
        var noiseSeed = CliRunner.WithDefault("--noise-seed", "first of the 16 seeds of the STA's white noise", d.NoiseSeed);
        var movieSeconds = CliRunner.WithDefault("--movie-s", "length of the unseen movie in seconds", d.MovieSeconds);
        var trials = CliRunner.WithDefault("--trials", "LN trials on the movie (noise ceiling)", d.Trials);
        var batch = CliRunner.WithDefault("--batch", "stimuli presented at once in the sweeps (retina streams)", d.Batch);
        var noPlots = CliRunner.WithDefault("--no-plots", "skip the PNG plots", false);
        var cmd = new Command("scorecard", "Score a model as a retina against the LN retina's ground truth on fresh seeds.")
        {
            model, output, movieSeed, movies, poissonSeed, noiseSeed, movieSeconds, trials, batch, noPlots,
        };
        cmd.SetAction(pr =>
        {
            string m = pr.GetValue(model)!;
            if (pr.GetValue(poissonSeed) < 0) throw new UserInputException("--poisson-seed must be >= 0");
            var options = DefaultOptions() with
            {
                MovieSeed = pr.GetValue(movieSeed), Movies = pr.GetValue(movies), PoissonSeed = (ulong)pr.GetValue(poissonSeed), NoiseSeed = pr.GetValue(noiseSeed),
                MovieSeconds = pr.GetValue(movieSeconds), Trials = pr.GetValue(trials), Batch = pr.GetValue(batch), Plots = !pr.GetValue(noPlots),
            };
            string outDir = pr.GetValue(output) ?? "scorecard-" + Path.GetFileNameWithoutExtension(Path.GetFullPath(m).TrimEnd('/'));
            var result = Run(m, options, outDir);
            Print(result);
            AnsiConsole.MarkupLine($"[grey]wrote {Markup.Escape(Path.Combine(outDir, "scorecard.json"))}{(options.Plots ? " and scorecard.png" : "")}[/]");
            Console.WriteLine(result.ToJsonLine());
            return 0;
        });
        return cmd;
    }

    /// <summary>The default seeds and lengths, with the scenes and sweeps that travel with the program.</summary>
    public static ScorecardOptions DefaultOptions() => new(Path.Combine(AppContext.BaseDirectory, "scenes", "naturalistic.json"),
        Path.Combine(AppContext.BaseDirectory, "scenes", "sweeps"));

    /// <summary>Scores <paramref name="model"/> (a bundle folder, "ln" or "default"); phases are logged to stderr.</summary>
    public static ScorecardResult Run(string model, ScorecardOptions options, string outDir)
    {
        var identity = ModelIdentity.Of(model);                     // a broken bundle fails before any work
        var card = new RetinaScorecard(options, streams => RetinaFactory.Open(model, streams), identity,
            phase => Console.Error.WriteLine($"scorecard: {phase}"));
        return card.Run(outDir);
    }

    public static void Print(ScorecardResult r)
    {
        var t = new Table().AddColumns("criterion", "value", "goal", "");
        foreach (var (name, value, goal, pass) in r.Goals())
            t.AddRow(name, value, goal, pass ? "[green]met[/]" : "[red]missed[/]");
        t.AddRow("movie mean |r|, CC_norm", $"{r.Movie.MeanAbsR:F2}, {r.Movie.CcNorm:F2}", $"ceiling r {r.Movie.CeilingR:F2}", "");
        if (r.Movie.Movies.Count > 1)
            t.AddRow("movie r by movie (seed)", string.Join(", ", r.Movie.Movies.Select(m => $"{m.MeanR:F2} ({m.Seed})")),
                "ceilings " + string.Join(", ", r.Movie.Movies.Select(m => $"{m.CeilingR:F2}")), "");
        t.AddRow("STA polarity", $"{r.Sta.PolarityCorrect}/{r.Sta.Cells}", "", "");
        t.AddRow("SF median ratio, STA median distance", $"{r.SpatialFrequency.MedianRatio:F2}, {r.Sta.MedianDistancePx:F1} px", "", "");
        t.Title = new TableTitle($"retina scorecard: {Markup.Escape(r.Model)}");
        AnsiConsole.Write(t);

        var byType = new Table().AddColumns("cell type", "cells", "movie mean r", "flash polarity", "flash type", "SF within 1.5x", "STA centre");
        foreach (var ty in r.ByType())
            byType.AddRow(ty.Type, $"{ty.Cells}", $"{ty.MovieMeanR:F2}", $"{ty.FlashPolarityCorrect}", $"{ty.FlashTypeCorrect}",
                $"{ty.SpatialFrequencyWithin}", $"{ty.StaCentred}");
        byType.Title = new TableTitle("by cell type");
        AnsiConsole.Write(byType);
    }
}

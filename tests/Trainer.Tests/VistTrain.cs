using System.CommandLine;
using ViST.Cli;
using ViST.Trainer.Commands;

namespace ViST.Trainer.Tests;

/// <summary>Runs `vist-train ARGS` in-process and captures what it prints (tests in this assembly run one at a
/// time, so swapping the console is safe).</summary>
static class VistTrain
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var root = new RootCommand();
        foreach (var c in TrainerCommands.All()) root.Subcommands.Add(c);
        var (stdout, stderr) = (Console.Out, Console.Error);
        var (o, e) = (new StringWriter(), new StringWriter());
        Console.SetOut(o);
        Console.SetError(e);
        try { return (CliRunner.Run(root, args), o.ToString(), e.ToString()); }
        finally { Console.SetOut(stdout); Console.SetError(stderr); }
    }
}

using System.CommandLine;
using ViST.Cli;
using ViST.Trainer.Commands;

// vist-train: the Vi-ST network in TorchSharp, its loss and metrics, training, evaluation, export and datasets.
var root = new RootCommand("vist-train: train, evaluate and export Vi-ST models (TorchSharp).");
foreach (var command in TrainerCommands.All()) root.Subcommands.Add(command);
return CliRunner.Run(root, args);

using System.CommandLine;
using ViST.Cli;
using ViST.Simulator.Commands;

// vist: the real-time virtual-retina simulator (render -> backbone -> Vi-ST -> rates), sweeps and benchmarks.
var root = new RootCommand("vist: a real-time, closed-loop virtual salamander retina (Vi-ST).");
foreach (var command in SimulatorCommands.All()) root.Subcommands.Add(command);
return CliRunner.Run(root, args);

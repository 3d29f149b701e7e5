using System.CommandLine;
using ViST.Cli;
using ViST.RetinaModel.Runtime;
using ViST.Trainer.Torch;

namespace ViST.Trainer.Commands;

/// <summary>`--libtorch DIR`, on every command that starts libtorch: the user's libtorch (PyTorch's torch/lib, with
/// CUDA) instead of the packaged CPU one; the same as VIST_LIBTORCH=DIR, which it overrides.</summary>
static class LibTorchOption
{
    public static Option<string?> Create() => CliRunner.Optional<string?>("--libtorch",
        $"libtorch folder to run on, e.g. PyTorch's torch/lib for CUDA (default: ${LibtorchFolder.Variable}, else the packaged CPU libtorch)");

    /// <summary>Starts libtorch from the option's folder (or VIST_LIBTORCH's, or the packaged one) before the command
    /// does anything else, so nothing has loaded the packaged libtorch first.</summary>
    public static void Start(ParseResult pr, Option<string?> option, int? threads = null) =>
        TorchRuntime.Start(threads, pr.GetValue(option));
}

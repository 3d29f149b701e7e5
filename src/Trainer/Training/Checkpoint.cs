using System.Text.Json;
using ViST.RetinaModel.IO;
using ViST.Trainer.Model;
using static TorchSharp.torch;

namespace ViST.Trainer.Training;

/// <summary>The steps of an epoch a stopped run had taken (a signal stops training between steps; see
/// <see cref="ViStTrainer"/>): how many, the sums behind the epoch's mean loss and correlation, and its time so far.
/// Steps equal to the epoch's count means only its validation is left.</summary>
public sealed record PartialEpoch(int Epoch, int Steps, double LossSum, double CorrSum, double Seconds);

/// <summary>
/// The state after a finished epoch, or after some steps of one (<see cref="PartialEpoch"/>), enough to continue the
/// same run: weights (upstream keys), AdamW's moments, the SWA average, the last finished epoch (-1: none). Written
/// to DIR.tmp (state.json last, so a complete one has it) and swapped in through DIR.old: a process killed at any
/// moment leaves either DIR or, in the swap's two-rename window, a complete DIR.tmp or DIR.old, which
/// <see cref="Exists"/> puts back.
/// </summary>
public static class Checkpoint
{
    sealed record State(int Epoch, int SwaCount, PartialEpoch? Partial = null);

    public static void Save(string dir, ViStNetwork model, optim.Optimizer optimizer, SwaAverager swa, int epoch,
        PartialEpoch? partial = null)
    {
        string tmp = dir + ".tmp";
        if (Directory.Exists(tmp)) Directory.Delete(tmp, true);
        Directory.CreateDirectory(tmp);
        ViStWeights.Save(model, Path.Combine(tmp, "model.safetensors"));
        ((TorchSharp.Modules.OptimizerHelper)optimizer).save_state_dict(Path.Combine(tmp, "optimizer.bin"));
        if (swa.Count > 0)
            SafeTensors.Write(Path.Combine(tmp, "swa.safetensors"),
                swa.State.ToDictionary(kv => kv.Key, kv => ToArray(kv.Value)));
        File.WriteAllText(Path.Combine(tmp, StateFile), JsonSerializer.Serialize(new State(epoch, swa.Count, partial)));
        string old = dir + ".old";
        if (Directory.Exists(old)) Directory.Delete(old, true);
        if (Directory.Exists(dir)) Directory.Move(dir, old);
        Directory.Move(tmp, dir);
        if (Directory.Exists(old)) Directory.Delete(old, true);
    }

    const string StateFile = "state.json";

    /// <summary>Whether <paramref name="dir"/> holds a checkpoint, after putting back the newest complete one when a
    /// kill between Save's two renames left none in place.</summary>
    public static bool Exists(string dir)
    {
        if (!Directory.Exists(dir))
            foreach (string candidate in new[] { dir + ".tmp", dir + ".old" })
                if (File.Exists(Path.Combine(candidate, StateFile))) { Directory.Move(candidate, dir); break; }
        return Directory.Exists(dir);
    }

    /// <summary>How far the run had got when it wrote the checkpoint in <paramref name="dir"/>: "epoch 3 of 22", or
    /// "step 12 in epoch 4 of 22" for a run stopped inside an epoch (1-based, as the progress lines count).</summary>
    public static string Progress(string dir, int epochs) => ReadState(dir) switch
    {
        { Partial: { } p } => $"step {p.Steps} in epoch {p.Epoch + 1} of {epochs}",
        var s => $"epoch {s.Epoch + 1} of {epochs}",
    };

    static State ReadState(string dir)
    {
        string statePath = Path.Combine(dir, StateFile);
        if (!File.Exists(statePath)) throw new FileNotFoundException($"{statePath}: no checkpoint to resume from", statePath);
        return JsonSerializer.Deserialize<State>(File.ReadAllText(statePath))
            ?? throw new InvalidDataException($"{statePath}: empty checkpoint state");
    }

    /// <summary>Loads a checkpoint into the model, optimizer and SWA average; returns the last finished epoch (-1:
    /// none) and the steps taken in the next one when the run stopped inside it.</summary>
    public static (int LastEpoch, PartialEpoch? Partial) Load(string dir, ViStNetwork model, optim.Optimizer optimizer, SwaAverager swa, Device device)
    {
        var state = ReadState(dir);
        ViStWeights.LoadInto(model, SafeTensors.Read(Path.Combine(dir, "model.safetensors")), Path.Combine(dir, "model.safetensors"));
        ((TorchSharp.Modules.OptimizerHelper)optimizer).load_state_dict(Path.Combine(dir, "optimizer.bin"));
        if (state.SwaCount > 0)
        {
            var tensors = SafeTensors.Read(Path.Combine(dir, "swa.safetensors"))
                .ToDictionary(kv => kv.Key, kv => tensor((float[])kv.Value.Data, kv.Value.Shape).to(device));
            swa.Restore(tensors, state.SwaCount);
            foreach (var t in tensors.Values) t.Dispose();
        }
        return (state.Epoch, state.Partial);
    }

    static NdArray ToArray(Tensor t) => NdArray.Of(t.detach().cpu().to_type(ScalarType.Float32).data<float>().ToArray(), t.shape);
}

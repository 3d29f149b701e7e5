using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ViST.Trainer.Training;

/// <summary>
/// Stochastic weight averaging as Lightning's StochasticWeightAveraging does it for the authors' runs
/// (vist-upstream.md 2.2): an equal running average of the parameters (not the BatchNorm buffers), one snapshot
/// per epoch; at the end the averaged weights are copied in and the BatchNorm statistics are recomputed from
/// scratch as a cumulative average (momentum = None) over one forward-only pass of training data.
/// </summary>
public sealed class SwaAverager : IDisposable
{
    readonly Dictionary<string, Tensor> _mean = new();

    /// <summary>How many snapshots have been averaged.</summary>
    public int Count { get; private set; }

    /// <summary>Adds the model's current parameters to the average.</summary>
    public void Update(nn.Module model)
    {
        using var _ = no_grad();
        foreach (var (name, p) in model.named_parameters())
        {
            if (!_mean.TryGetValue(name, out var m))
            {
                _mean[name] = p.detach().clone();
                continue;
            }
            m.add_((p.detach() - m) / (Count + 1));          // running mean: m += (p - m) / n
        }
        Count++;
    }

    /// <summary>Copies the averaged parameters into <paramref name="model"/>.</summary>
    public void CopyInto(nn.Module model)
    {
        if (Count == 0) throw new InvalidOperationException("no SWA snapshot was taken");
        using var _ = no_grad();
        foreach (var (name, p) in model.named_parameters()) p.copy_(_mean[name]);
    }

    /// <summary>The averaged tensors by parameter name (for checkpoints).</summary>
    public IReadOnlyDictionary<string, Tensor> State => _mean;

    /// <summary>Restores a saved average (from a checkpoint) with its snapshot count.</summary>
    public void Restore(IReadOnlyDictionary<string, Tensor> state, int count)
    {
        Dispose();
        foreach (var (k, v) in state) _mean[k] = v.detach().clone();
        Count = count;
    }

    /// <summary>Resets every BatchNorm's running statistics and switches it to a cumulative average, so that the
    /// next training-mode forward passes recompute them; returns a callback that restores the old momenta.</summary>
    public static Action PrepareBatchNormRecompute(nn.Module model)
    {
        var restore = new List<(NormBase bn, double? momentum)>();
        foreach (var m in model.modules().Prepend(model).Distinct())     // TorchSharp's modules() leaves out the root
        {
            if (m is not NormBase bn || !bn.track_running_stats) continue;
            restore.Add((bn, bn.momentum));
            bn.reset_running_stats();
            bn.momentum = null;
        }
        return () => { foreach (var (bn, mom) in restore) bn.momentum = mom; };
    }

    public void Dispose()
    {
        foreach (var t in _mean.Values) t.Dispose();
        _mean.Clear();
        Count = 0;
    }
}

using System.Runtime.InteropServices;
using TorchSharp;

namespace ViST.Trainer.Torch;

/// <summary>
/// One place that starts libtorch for this program, before any tensor work.
/// On CPU it turns oneDNN (mkldnn) off: on the machines we run on, libtorch 2.10's oneDNN computes some 3D
/// convolutions wrong (depthwise with temporal dilation, 1x1 on channels-last: up to 100 % error;
/// stack-notes.md). TorchSharp 0.107 has no switch for it, so we call libtorch's own
/// at::globalContext().setUserEnabledMkldnn(false) through its exported C++ symbols.
/// </summary>
public static class TorchRuntime
{
    static readonly object Gate = new();
    static bool _started;

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at13globalContextEv")]
    static extern IntPtr GlobalContext();

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
    static extern void SetUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [DllImport("libtorch_cpu", EntryPoint = "_ZNK2at7Context17userEnabledMkldnnEv")]
    [return: MarshalAs(UnmanagedType.U1)]
    static extern bool UserEnabledMkldnn(IntPtr context);

    // glibc's mallopt. Training allocates and frees tensors of tens of MB every layer; by default glibc serves
    // those with fresh mmaps and returns them at free, so every step page-faults its whole working set anew
    // (measured: a third of the CPU time was the kernel zeroing pages). Keeping freed memory in the heap instead
    // made a 8x128 training step 30 % faster (12.7 -> 9.2 s on 2 cores).
    [DllImport("libc", EntryPoint = "mallopt")]
    static extern int MallOpt(int param, int value);
    const int M_TRIM_THRESHOLD = -1, M_MMAP_MAX = -4, M_ARENA_MAX = -8;

    static void KeepFreedMemory()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("VIST_ALLOCATOR") == "system") return;
        try
        {
            MallOpt(M_ARENA_MAX, 1);            // one heap: per-thread arenas would each keep their own freed memory
            MallOpt(M_MMAP_MAX, 0);
            MallOpt(M_TRIM_THRESHOLD, int.MaxValue);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // not glibc (e.g. musl): the default allocator is only slower
        }
    }

    /// <summary>Loads libtorch (idempotent), disables oneDNN and sets the CPU thread count.</summary>
    public static void Start(int? threads = null)
    {
        lock (Gate)
        {
            if (_started) return;
            KeepFreedMemory();
            LibtorchLoader.Load();                          // one-line errors; VIST_LIBTORCH
            torch.InitializeDeviceType(DeviceType.CPU);
            var ctx = GlobalContext();
            SetUserEnabledMkldnn(ctx, false);
            if (UserEnabledMkldnn(ctx))
                throw new InvalidOperationException("could not disable oneDNN in libtorch; CPU 3D convolutions would be wrong");
            if (threads is > 0) torch.set_num_threads(threads.Value);
            _started = true;
        }
    }

    /// <summary>Whether oneDNN is enabled in libtorch right now (false after <see cref="Start"/>).</summary>
    public static bool OneDnnEnabled => UserEnabledMkldnn(GlobalContext());

    /// <summary>The device to train on: CUDA when TorchSharp finds it, else the CPU.</summary>
    public static torch.Device PreferredDevice()
    {
        Start();
        return torch.cuda.is_available() ? torch.CUDA : torch.CPU;
    }
}

using System.Runtime.InteropServices;
using TorchSharp;
using ViST.RetinaModel.Runtime;

namespace ViST.Trainer.Torch;

/// <summary>
/// One place that starts libtorch for this program, before any tensor work: the packaged CPU libtorch
/// (<see cref="PackagedLibTorch"/>), or the user's (<see cref="UserLibTorch"/>: VIST_LIBTORCH or --libtorch, e.g.
/// PyTorch's with CUDA). Either is loaded before TorchSharp starts, so that every failure is one error line.
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

    /// <summary>
    /// Loads libtorch (idempotent), disables oneDNN and sets the CPU thread count. The libtorch is the user's when
    /// <paramref name="libtorch"/> (--libtorch) or VIST_LIBTORCH names a folder (<see cref="UserLibTorch"/>), else the
    /// one packaged with the program. Call it before anything else touches TorchSharp: the first touch loads libtorch.
    /// </summary>
    public static void Start(int? threads = null, string? libtorch = null)
    {
        lock (Gate)
        {
            if (_started)
            {
                if (libtorch != null && (User == null || Path.GetFullPath(libtorch) != User.Folder))
                    throw new InvalidOperationException($"--libtorch {libtorch}: libtorch was already started from {User?.Folder ?? "the packaged copy"}");
                return;
            }
            KeepFreedMemory();                              // first: libtorch's libraries allocate as they load
            string? folder = libtorch ?? LibtorchFolder.FromEnvironment();
            if (folder != null) User = UserLibTorch.Load(folder, libtorch != null ? "--libtorch" : LibtorchFolder.Variable);
            else PackagedLibTorch.Load();
            torch.InitializeDeviceType(DeviceType.CPU);     // TorchSharp binds to the libtorch just loaded
            var ctx = GlobalContext();
            SetUserEnabledMkldnn(ctx, false);
            if (UserEnabledMkldnn(ctx))
                throw new InvalidOperationException("could not disable oneDNN in libtorch; CPU 3D convolutions would be wrong");
            if (threads is > 0) torch.set_num_threads(threads.Value);
            _started = true;
        }
    }

    /// <summary>The user's libtorch in use, or null for the packaged one (or before <see cref="Start"/>).</summary>
    public static UserLibTorch? User { get; private set; }

    /// <summary>Whether oneDNN is enabled in libtorch right now (false after <see cref="Start"/>).</summary>
    public static bool OneDnnEnabled => UserEnabledMkldnn(GlobalContext());

    /// <summary>The device a --device value names: "cpu", "cuda" (refused with the reason when libtorch finds no
    /// GPU) or "auto" (CUDA when libtorch finds it, else the CPU).</summary>
    public static torch.Device DeviceFor(string choice)
    {
        Start();
        bool cuda = torch.cuda.is_available();
        return choice switch
        {
            "cpu" => torch.CPU,
            "cuda" => cuda ? torch.CUDA : throw new ArgumentException($"--device cuda: {WhyNoCuda()}"),
            "auto" => cuda ? torch.CUDA : torch.CPU,
            _ => throw new ArgumentException($"device must be auto, cpu or cuda, got '{choice}'"),
        };
    }

    /// <summary>Why libtorch finds no CUDA device, in words a user can act on.</summary>
    static string WhyNoCuda() => User == null
        ? $"CUDA not available (the packaged libtorch is CPU-only; for a GPU set {LibtorchFolder.Variable} to PyTorch's torch/lib folder)"
        : User.CudaLibraries
            ? "CUDA not available (libtorch has CUDA but finds no GPU: check the NVIDIA driver and CUDA_VISIBLE_DEVICES)"
            : "CUDA not available (a CPU-only libtorch)";

    /// <summary>What computations on <paramref name="device"/> run on, in one phrase: the device (GPU name, or CPU
    /// threads), the libtorch and where it came from, and why CUDA is not available when it is not.</summary>
    public static string Describe(torch.Device device)
    {
        Start();
        string libtorch = User?.Describe() ?? $"libtorch {LibTorchBuild.OfLoaded().Version} packaged with vist-train";
        string where = device.type == DeviceType.CUDA
            ? $"cuda:{Math.Max(0, device.index)} ({CudaDeviceName.Of(Math.Max(0, device.index)) ?? "name unknown"}; {torch.cuda.device_count()} GPU(s))"
            : $"cpu ({torch.get_num_threads()} threads)";
        return $"{where}; {libtorch}; {(torch.cuda.is_available() ? "CUDA available" : WhyNoCuda())}";
    }
}

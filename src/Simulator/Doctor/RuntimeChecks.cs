using ViST.Renderer;
using ViST.Renderer.Media;
using ViST.RetinaModel.Runtime;
using ViST.Simulator.Audio;

namespace ViST.Simulator.Doctor;

/// <summary>The inference runtime and its GPU, libtorch for training, ffmpeg, and sound.</summary>
public static class RuntimeChecks
{
    const string Rebuild = "rebuild the program: ./vist does";

    public static DoctorCheck OnnxRuntime() => DoctorCheck.Run("onnxruntime", () =>
    {
        string version = OrtSessions.Version;
        var providers = OrtSessions.Providers;
        return DoctorCheck.Ok("onnxruntime", $"ONNX Runtime {version}; execution providers: {string.Join(", ", providers)}",
            ("version", version), ("providers", providers));
    }, CheckStatus.Missing, Rebuild);

    /// <summary>Whether Vi-ST models would run on the GPU, and why not.</summary>
    public static DoctorCheck Cuda() => DoctorCheck.Run("cuda", () => OrtSessions.CudaProblem() switch
    {
        null => DoctorCheck.Ok("cuda", "ONNX Runtime's CUDA provider and the CUDA 13 libraries are there: models run on the GPU", ("usable", true)),
        var why when !OrtSessions.CudaAvailable => new DoctorCheck("cuda", CheckStatus.Unavailable, $"CPU only: {why}",
            "on a machine with an NVIDIA GPU, CUDA 13 and cuDNN 9: build with -p:ViSTGpu=true") { Values = new Dictionary<string, object?> { ["usable"] = false } },
        var why => new DoctorCheck("cuda", CheckStatus.Unavailable, $"CPU only: {why}",
            "install the NVIDIA driver, CUDA 13 and cuDNN 9, or put their libraries on LD_LIBRARY_PATH") { Values = new Dictionary<string, object?> { ["usable"] = false } },
    }, CheckStatus.Unavailable, Rebuild);

    public static DoctorCheck Libtorch()
    {
        if (LibtorchProbe.Find(out string problem) is not { } found)
            return new("libtorch", CheckStatus.Unavailable, $"vist-train cannot train here: {problem}",
                $"./vist-train builds vist-train with its CPU libtorch; for CUDA, a vist-train built without it (tools/publish-gpu.sh) " +
                $"with {LibtorchFolder.Variable} set to PyTorch's torch/lib");
        return DoctorCheck.Ok("libtorch",
            $"libtorch {found.Version ?? "(version unknown)"}, {(found.Cuda ? "with CUDA" : "CPU only")}, from {found.Source}: {found.Folder}",
            ("version", found.Version), ("cuda", found.Cuda), ("source", found.Source), ("folder", found.Folder));
    }

    public static DoctorCheck Ffmpeg() => DoctorCheck.Run("ffmpeg", () =>
    {
        using var ffmpeg = FfmpegProcess.Reader("ffmpeg -version", "-version");
        string first = new StreamReader(ffmpeg.Output).ReadToEnd().Split('\n')[0].Trim();
        if (ffmpeg.WaitForFailure() is { } failure) throw new InvalidDataException($"ffmpeg -version failed: {failure}");
        // "ffmpeg version 5.1.6-0+deb12u1 Copyright (c) 2000-2024 the FFmpeg developers"
        string version = first.Split(' ') is [_, "version", var v, ..] ? v : first;
        return DoctorCheck.Ok("ffmpeg", $"ffmpeg {version}: movies, image layers, vist render --png/--mp4", ("version", version));
    }, CheckStatus.Unavailable, DebianPackages.InstallHint(DebianPackages.Ffmpeg));

    public static DoctorCheck Audio()
    {
        if (OpenAlPlayer.DefaultDeviceName(out string problem) is { } device)
            return DoctorCheck.Ok("audio", $"live sound through OpenAL on \"{device}\" (--audio live)", ("output", "openal"), ("device", device));
        bool noLibrary = problem.StartsWith("libopenal", StringComparison.Ordinal);
        return new("audio", CheckStatus.Unavailable, $"WAV files only (--audio out.wav): {problem}",
            noLibrary ? DebianPackages.InstallHint(DebianPackages.Audio) : "a sound card, or a sound server (PulseAudio, PipeWire) OpenAL can reach")
        { Values = new Dictionary<string, object?> { ["output"] = "wav" } };
    }
}

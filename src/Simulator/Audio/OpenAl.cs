using System.Runtime.InteropServices;

namespace ViST.Simulator.Audio;

/// <summary>The few OpenAL (OpenAL Soft, Debian package libopenal1) calls live audio needs: open a device, stream
/// 16-bit stereo buffers through one source.</summary>
static partial class OpenAl
{
    const string Lib = "libopenal.so.1";
    public const int FormatStereo16 = 0x1103, BuffersProcessed = 0x1016, SourceState = 0x1010, Playing = 0x1012, DeviceSpecifier = 0x1005;

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr alcOpenDevice(string? name);
    [LibraryImport(Lib)] [return: MarshalAs(UnmanagedType.I1)] public static partial bool alcCloseDevice(IntPtr device);
    [LibraryImport(Lib)] public static partial IntPtr alcGetString(IntPtr device, int param);
    [LibraryImport(Lib)] public static partial IntPtr alcCreateContext(IntPtr device, IntPtr attributes);
    [LibraryImport(Lib)] [return: MarshalAs(UnmanagedType.I1)] public static partial bool alcMakeContextCurrent(IntPtr context);
    [LibraryImport(Lib)] public static partial void alcDestroyContext(IntPtr context);
    [LibraryImport(Lib)] public static partial void alGenSources(int n, out uint source);
    [LibraryImport(Lib)] public static partial void alDeleteSources(int n, ref uint source);
    [LibraryImport(Lib)] public static partial void alGenBuffers(int n, [Out] uint[] buffers);
    [LibraryImport(Lib)] public static partial void alDeleteBuffers(int n, uint[] buffers);
    [LibraryImport(Lib)] public static partial void alBufferData(uint buffer, int format, short[] data, int bytes, int frequency);
    [LibraryImport(Lib)] public static partial void alSourceQueueBuffers(uint source, int n, uint[] buffers);
    [LibraryImport(Lib)] public static partial void alSourceUnqueueBuffers(uint source, int n, [Out] uint[] buffers);
    [LibraryImport(Lib)] public static partial void alGetSourcei(uint source, int param, out int value);
    [LibraryImport(Lib)] public static partial void alSourcePlay(uint source);
    [LibraryImport(Lib)] public static partial void alSourceStop(uint source);
    [LibraryImport(Lib)] public static partial int alGetError();
}

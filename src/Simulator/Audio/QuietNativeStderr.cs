using System.Runtime.InteropServices;

namespace ViST.Simulator.Audio;

/// <summary>
/// Runs native code with the process's stderr (file descriptor 2) pointed at /dev/null. Opening a sound device on a
/// machine without one makes ALSA and OpenAL Soft print a dozen lines of their own ("ALSA lib confmisc.c:855:
/// cannot find card '0'" ...) straight to fd 2, past .NET; the caller reports the outcome in one line instead.
/// Only for short calls at start-up: whatever any thread writes to stderr meanwhile is lost.
/// </summary>
static partial class QuietNativeStderr
{
    const int StderrFd = 2, WriteOnly = 1;

    [LibraryImport("libc", EntryPoint = "dup")] private static partial int Dup(int fd);
    [LibraryImport("libc", EntryPoint = "dup2")] private static partial int Dup2(int from, int to);
    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)] private static partial int Open(string path, int flags);
    [LibraryImport("libc", EntryPoint = "close")] private static partial int Close(int fd);

    public static T Run<T>(Func<T> call)
    {
        Console.Error.Flush();
        int saved = Dup(StderrFd), devNull = Open("/dev/null", WriteOnly);
        if (saved < 0 || devNull < 0)
        {
            if (saved >= 0) Close(saved);
            return call();   // cannot redirect: the noise stays, the result is the same
        }
        Dup2(devNull, StderrFd);
        Close(devNull);
        try { return call(); }
        finally
        {
            Dup2(saved, StderrFd);
            Close(saved);
        }
    }
}

using System.Runtime.InteropServices;

namespace ViST.Cli;

/// <summary>
/// While a long job lasts, Ctrl+C (SIGINT), <c>kill</c> or a batch scheduler (SIGTERM) and a closed terminal or ssh
/// session (SIGHUP) ask it to stop cleanly instead of ending the process: `vist run` ends its loop after the frame
/// in hand and closes its sinks, so a recording gets its footer and a WAV its length; `vist-train train` ends after
/// the step in hand and writes a checkpoint to resume from. A second signal ends the process at once, for a job that
/// does not stop.
/// </summary>
public sealed class StopOnSignals : IDisposable
{
    readonly PosixSignalRegistration[] _registrations;
    int _received;

    public StopOnSignals(Action stop)
    {
        _registrations = [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP }.Select(signal =>
            PosixSignalRegistration.Create(signal, context =>
            {
                if (Interlocked.Increment(ref _received) > 1) return;   // not cancelled: the default action ends the process
                context.Cancel = true;
                stop();
            }))];
    }

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
    }
}

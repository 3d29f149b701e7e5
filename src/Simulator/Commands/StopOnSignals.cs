using System.Runtime.InteropServices;

namespace ViST.Simulator.Commands;

/// <summary>
/// While a run lasts, Ctrl+C (SIGINT), <c>kill</c> (SIGTERM) and a closed terminal or ssh session (SIGHUP) ask it to
/// stop the way its time running out does: the loop ends after the frame in hand and the sinks close, so a recording
/// gets its footer and a WAV its length. Without this, SIGTERM and SIGHUP ended the process at once and left the
/// recording without a footer (readable, but marked incomplete). A second signal ends the process at once, for a run
/// that does not stop.
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

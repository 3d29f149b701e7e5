using Microsoft.Extensions.Hosting;

namespace ViST.Simulator.Dashboard;

/// <summary>
/// The dashboard's web host lives inside `vist run`, which owns Ctrl+C and SIGTERM: they end the run, which then
/// stops the host. (The host's default lifetime would take those signals for itself and leave the run going.)
/// </summary>
sealed class RunOwnedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

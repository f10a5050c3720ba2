using Microsoft.Extensions.Hosting;
namespace OrleansFed.Runtime.Core;
internal sealed class GrainRuntimeHost : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansFed.Runtime.Core;

namespace OrleansFed.Runtime.Hosting;

/// <summary>Runs the grain runtime with the host: on start it opens every storage provider, loads reminders and starts
/// idle collection; on stop it deactivates every activation gracefully.</summary>
internal sealed class GrainRuntimeHost(GrainRuntime runtime, IServiceProvider services, IEnumerable<StorageRegistration> storages) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var storage in storages.Select(s => s.Name).Distinct(StringComparer.Ordinal))
        {
            // Resolving opens the provider (for SQLite: the database file and its schema), so problems surface at start.
            services.GetRequiredKeyedService<IGrainStorage>(storage);
        }

        await runtime.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => runtime.StopAsync(cancellationToken);
}

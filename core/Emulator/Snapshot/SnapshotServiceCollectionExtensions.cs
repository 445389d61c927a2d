using Microsoft.Extensions.DependencyInjection;

namespace IdentityOps.Emulator.Snapshot;

public static class SnapshotServiceCollectionExtensions
{
    /// <summary>
    /// The offline assessment of an exported tenant (<see cref="SnapshotScanCommand"/>). Needs core's
    /// <c>AddPersistence</c> and <c>AddScanning</c>; only the command-line host registers it.
    /// </summary>
    public static IServiceCollection AddSnapshotScans(this IServiceCollection services)
    {
        services.AddScoped<SnapshotScanCommand>();
        return services;
    }
}

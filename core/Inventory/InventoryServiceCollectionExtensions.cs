using IdentityOps.Core.Inventory.GetApplicationDetail;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityOps.Core.Inventory;

public static class InventoryServiceCollectionExtensions
{
    /// <summary>Reading what scans stored (the collector, which writes it, comes with <c>AddScanning</c>).</summary>
    public static IServiceCollection AddInventoryQueries(this IServiceCollection services)
    {
        services.AddScoped<GetApplicationDetailQuery>();
        return services;
    }
}

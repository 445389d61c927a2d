using IdentityOps.Core.Lifecycle;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Scans;
using Microsoft.Extensions.Hosting;

namespace IdentityOps.Functions.Extensions;

/// <summary>The worker's one composition root; the tests build the same provider to resolve every function.</summary>
public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddPersistence();
        builder.Services.AddScans();
        builder.Services.AddLifecycle();
    }
}

using IdentityOps.Core.Lifecycle;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Scans;

namespace IdentityOps.Web.Extensions;

/// <summary>The web host's one composition root.</summary>
internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddPersistence();
        builder.Services.AddScans();
        builder.Services.AddLifecycle();
        builder.Services.AddProblemDetails();
    }
}

using IdentityOps.Core.Trust;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IdentityOps.Web;

/// <summary>Liveness, with row-level security on the running database (the trust page shows every claim).</summary>
internal static class StatusApi
{
    public static void MapStatusApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", GetHealthAsync);
    }

    internal static async Task<Ok<HealthResponse>> GetHealthAsync(RowLevelSecurityStatusQuery rowLevelSecurity, CancellationToken cancellationToken)
    {
        var status = await rowLevelSecurity.GetAsync(cancellationToken);
        return TypedResults.Ok(new HealthResponse("ok", status.ProtectedTables, status.TenantTables));
    }

    internal sealed record HealthResponse(string Status, int RlsProtectedTables, int TenantTables);
}

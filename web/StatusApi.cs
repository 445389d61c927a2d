using System.Net;
using IdentityOps.Core.Trust;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IdentityOps.Web;

/// <summary>Liveness and the first live trust evidence: row-level security on the running database.</summary>
internal static class StatusApi
{
    public static void MapStatusApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", GetHealthAsync);
        app.MapGet("/", GetHomeAsync);
    }

    internal static async Task<Ok<HealthResponse>> GetHealthAsync(RowLevelSecurityStatusQuery rowLevelSecurity, CancellationToken cancellationToken)
    {
        var status = await rowLevelSecurity.GetAsync(cancellationToken);
        return TypedResults.Ok(new HealthResponse("ok", status.ProtectedTables, status.TenantTables));
    }

    internal static async Task<ContentHttpResult> GetHomeAsync(RowLevelSecurityStatusQuery rowLevelSecurity, CancellationToken cancellationToken)
    {
        var status = await rowLevelSecurity.GetAsync(cancellationToken);
        var verdict = status.AllProtected ? "holds" : "FAILS";
        var html = $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>IdentityOps</title></head>
            <body>
            <h1>IdentityOps</h1>
            <p>Read-only Microsoft Entra ID security posture scanning.</p>
            <p>Tenant isolation {verdict}: row-level security is enabled and forced on {status.ProtectedTables} of {status.TenantTables} tenant tables in the running database.</p>
            </body></html>
            """;
        return TypedResults.Content(html, "text/html; charset=utf-8", System.Text.Encoding.UTF8, (int)HttpStatusCode.OK);
    }

    internal sealed record HealthResponse(string Status, int RlsProtectedTables, int TenantTables);
}

using IdentityOps.Core.Trust;
using IdentityOps.Functions.Api.Description;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace IdentityOps.Functions;

/// <summary>Liveness of the worker and its database, with the live row-level security count.</summary>
public sealed class HealthFunction(RowLevelSecurityStatusQuery rowLevelSecurity)
{
    [Function(nameof(HealthFunction))]
    [ApiOperation("getHealth", "Liveness of the API and its database, with the live row-level security count.", Tag = "meta")]
    [ApiResponse(200, "The API is up.", Body = typeof(HealthStatus))]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var status = await rowLevelSecurity.GetAsync(cancellationToken);
        return new OkObjectResult(new HealthStatus("ok", status.ProtectedTables, status.TenantTables));
    }
}

/// <summary>The health answer: up, and how many tenant tables row-level security protects of how many there are.</summary>
public sealed record HealthStatus(string Status, int RlsProtectedTables, int TenantTables);

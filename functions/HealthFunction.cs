using IdentityOps.Core.Trust;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace IdentityOps.Functions;

/// <summary>Liveness of the worker and its database, with the live row-level security count.</summary>
public sealed class HealthFunction(RowLevelSecurityStatusQuery rowLevelSecurity)
{
    [Function(nameof(HealthFunction))]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var status = await rowLevelSecurity.GetAsync(cancellationToken);
        return new OkObjectResult(new { status = "ok", rlsProtectedTables = status.ProtectedTables, tenantTables = status.TenantTables });
    }
}

using IdentityOps.Core.Alerts;
using IdentityOps.Core.Alerts.SaveAlertConfiguration;
using IdentityOps.Functions.Api.Description;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace IdentityOps.Functions.Api.Alerts;

/// <summary>PUT /api/alerts/{alertId}: an admin changes an alert configuration; another tenant's is "not found".</summary>
public sealed class UpdateAlertSettingFunction(ApiGate gate, SaveAlertConfigurationCommand save)
{
    [Function(nameof(UpdateAlertSettingFunction))]
    [ApiOperation("updateAlert", "Replaces an alert configuration.", Policy = Policies.TenantAdmin, Tag = "alerts")]
    [ApiBody(typeof(AlertSettings))]
    [ApiResponse(200, "The configuration as saved.", Body = typeof(AlertConfigurationView))]
    [ApiResponse(404, "No alert configuration with this id exists in your organisation.")]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "alerts/{alertId}")] HttpRequest request,
        string alertId,
        CancellationToken cancellationToken)
        => gate.RunAsync(request, Policies.TenantAdmin, async caller =>
        {
            if (!ApiRequest.TryReadId(alertId, "alertId", out var id, out var problem))
            {
                return problem!;
            }

            var (settings, bodyProblem) = await ApiRequest.ReadJsonAsync<AlertSettings>(request, cancellationToken);
            if (settings is null)
            {
                return bodyProblem!;
            }

            var saved = await save.SaveAsync(new SaveAlertConfigurationRequest(caller.TenantId, caller.ObjectId, id, settings), cancellationToken);
            return saved switch
            {
                { Saved: { } view } => new OkObjectResult(view),
                { NotFound: true } => ApiProblems.NotFound("alert configuration"),
                _ => ApiProblems.Validation(saved.Errors),
            };
        });
}

using IdentityOps.Core.Alerts;
using IdentityOps.Core.Alerts.SaveAlertConfiguration;
using IdentityOps.Functions.Api.Description;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace IdentityOps.Functions.Api.Alerts;

/// <summary>POST /api/alerts: an admin adds an alert configuration (201).</summary>
public sealed class CreateAlertSettingFunction(ApiGate gate, SaveAlertConfigurationCommand save)
{
    [Function(nameof(CreateAlertSettingFunction))]
    [ApiOperation("createAlert", "Adds an alert configuration.", Policy = Policies.TenantAdmin, Tag = "alerts")]
    [ApiBody(typeof(AlertSettings))]
    [ApiResponse(201, "The configuration as saved; `Location` names it.", Body = typeof(AlertConfigurationView))]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "alerts")] HttpRequest request,
        CancellationToken cancellationToken)
        => gate.RunAsync(request, Policies.TenantAdmin, async caller =>
        {
            var (settings, problem) = await ApiRequest.ReadJsonAsync<AlertSettings>(request, cancellationToken);
            if (settings is null)
            {
                return problem!;
            }

            var saved = await save.SaveAsync(new SaveAlertConfigurationRequest(caller.TenantId, caller.ObjectId, AlertId: null, settings), cancellationToken);
            return saved.Saved is { } view ? new CreatedResult($"/api/alerts/{view.Id:D}", view) : ApiProblems.Validation(saved.Errors);
        });
}

using IdentityOps.Core.Alerts.ManageWebhooks;
using IdentityOps.Functions.Api.Description;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace IdentityOps.Functions.Api.Webhooks;

/// <summary>POST /api/webhooks/{webhookId}/rotate: an admin replaces the signing secret; the new one is shown this once.</summary>
public sealed class RotateWebhookSecretFunction(ApiGate gate, RotateWebhookSecretCommand rotate)
{
    [Function(nameof(RotateWebhookSecretFunction))]
    [ApiOperation("rotateWebhookSecret", "Issues a new signing secret for a webhook endpoint.", Policy = Policies.TenantAdmin, Tag = "webhooks")]
    [ApiResponse(200, "The new signing secret (shown only now).", Body = typeof(WebhookSecretShown))]
    [ApiResponse(404, "No webhook endpoint with this id exists in your organisation.")]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks/{webhookId}/rotate")] HttpRequest request,
        string webhookId,
        CancellationToken cancellationToken)
        => gate.RunAsync(request, Policies.TenantAdmin, async caller =>
        {
            if (!ApiRequest.TryReadId(webhookId, "webhookId", out var id, out var problem))
            {
                return problem!;
            }

            var shown = await rotate.RotateAsync(new RotateWebhookSecretRequest(caller.TenantId, caller.ObjectId, id), cancellationToken);
            return shown is null ? ApiProblems.NotFound("webhook") : new OkObjectResult(shown);
        });
}

using IdentityOps.Core.Alerts.ManageWebhooks;
using IdentityOps.Functions.Api.Description;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace IdentityOps.Functions.Api.Webhooks;

/// <summary>The body of POST /api/webhooks.</summary>
public sealed record WebhookEndpointBody(string? Url, string? Description);

/// <summary>POST /api/webhooks: an admin adds a webhook endpoint (201); the answer shows its signing secret, this once.</summary>
public sealed class CreateWebhookFunction(ApiGate gate, CreateWebhookEndpointCommand create)
{
    [Function(nameof(CreateWebhookFunction))]
    [ApiOperation("createWebhook", "Adds a webhook endpoint; the answer shows its signing secret once.", Policy = Policies.TenantAdmin, Tag = "webhooks")]
    [ApiBody(typeof(WebhookEndpointBody))]
    [ApiResponse(201, "The endpoint and its signing secret (shown only now).", Body = typeof(WebhookSecretShown))]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks")] HttpRequest request,
        CancellationToken cancellationToken)
        => gate.RunAsync(request, Policies.TenantAdmin, async caller =>
        {
            var (body, problem) = await ApiRequest.ReadJsonAsync<WebhookEndpointBody>(request, cancellationToken);
            if (body is null)
            {
                return problem!;
            }

            var result = await create.CreateAsync(new CreateWebhookEndpointRequest(caller.TenantId, caller.ObjectId, body.Url, body.Description), cancellationToken);
            return result.Created is { } shown ? new CreatedResult($"/api/webhooks/{shown.EndpointId:D}", shown) : ApiProblems.Validation(result.Errors);
        });
}

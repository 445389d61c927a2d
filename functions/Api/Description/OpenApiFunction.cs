using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;

namespace IdentityOps.Functions.Api.Description;

/// <summary>GET /api/openapi.json: the API's description, anonymous and cacheable (it holds no tenant data).</summary>
public sealed class OpenApiFunction(IConfiguration configuration)
{
    // Built once per host and settings: the description depends only on the code and two configuration values.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<ApiDescriptionSettings, string> Documents = new();

    [Function(nameof(OpenApiFunction))]
    [ApiOperation("getOpenApiDescription", "This description of the API (OpenAPI 3.1).", Tag = "meta")]
    [ApiResponse(200, "The OpenAPI document.", ContentType = "application/json")]
    public Task<IActionResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest request)
    {
        // The one cacheable answer of the API: it holds no tenant data and changes only with a deployment.
        request.HttpContext.Response.Headers.CacheControl = "public, max-age=3600";
        return Task.FromResult<IActionResult>(new ContentResult { Content = Document(), ContentType = "application/json; charset=utf-8", StatusCode = StatusCodes.Status200OK });
    }

    private string Document()
        => Documents.GetOrAdd(
            new ApiDescriptionSettings(
                configuration["AzureAd:ClientId"] is { Length: > 0 } id ? id : ApiDescriptionSettings.Published.ApiApplicationId,
                configuration["Api:RequiredScope"] is { Length: > 0 } scope ? scope : ApiDescriptionSettings.Published.Scope),
            ApiDescription.Write);
}

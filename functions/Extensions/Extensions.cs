using IdentityOps.Core;
using IdentityOps.Core.Audit.Anchors;
using IdentityOps.Core.Identity;
using IdentityOps.Core.Identity.TokenCache;
using IdentityOps.Core.Lifecycle;
using IdentityOps.Core.Scanning.ProcessScanJob;
using IdentityOps.Core.Trust;
using IdentityOps.Core.Trust.Attestation;
using IdentityOps.Functions.Api;
using IdentityOps.Functions.Scans;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Identity.Web;

namespace IdentityOps.Functions.Extensions;

/// <summary>The worker's one composition root; the tests build the same provider to resolve every function.</summary>
public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddIdentityOpsCore();
        builder.Services.AddPurge(); // the purge timer runs here, and only here in production
        builder.Services.AddAuditHeadStore(builder.Configuration); // anchoring publishes heads outside PostgreSQL
        builder.AddEntraIdentity();
        builder.Services.AddSingleton<IScanJobSender, StorageScanJobSender>();
        builder.Services.AddHostAttestation(AttestingHosts.Functions);

        // IActionResult executors (the Functions ASP.NET Core integration adds them too) and enums as names.
        builder.Services.AddMvcCore();
        builder.Services.Configure<JsonOptions>(json => ApiJson.Configure(json.JsonSerializerOptions));
    }

    /// <summary>
    /// Bearer tokens for the API (Microsoft.Identity.Web, section <c>AzureAd</c>: audience and issuer
    /// per tenant validated), delegated Graph access for jobs through long-running on-behalf-of
    /// sessions whose tokens live only in the encrypted PostgreSQL cache, and the API's policies.
    /// </summary>
    private static void AddEntraIdentity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddMicrosoftIdentityWebApi(builder.Configuration.GetSection("AzureAd"), JwtBearerDefaults.AuthenticationScheme)
            .EnableTokenAcquisitionToCallDownstreamApi();

        // Per-tenant issuer validation reads Entra's metadata through IHttpClientFactory (pooled, and
        // configurable like every other client) instead of a private HttpClient of its own.
        builder.Services.Configure<AadIssuerValidatorOptions>(issuer => issuer.HttpClientName = "entra-issuer-metadata");

        // The validated token stays with the authentication result, for the gate to hand to the
        // on-behalf-of exchange (ApiGate): starting a session then needs no ambient HttpContext.
        builder.Services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, jwt => jwt.SaveToken = true);
        builder.Services.AddTokenProtection(builder.Configuration);
        builder.Services.AddDelegatedSessions();
        builder.Services.AddApiAuthorization();
        builder.Services.AddScoped<ApiGate>();
        builder.Services.AddOptions<ApiRateLimitOptions>().BindConfiguration(ApiRateLimitOptions.Section);
        builder.Services.AddSingleton<ApiRateLimits>();
    }
}

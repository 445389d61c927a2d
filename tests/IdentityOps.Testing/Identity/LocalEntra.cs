using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IdentityOps.Testing.Identity;

/// <summary>
/// A stand-in for Microsoft Entra ID, in-process over HTTPS on 127.0.0.1, with an RSA signing key and
/// a TLS certificate made at test time. Entra-shaped: issuer <c>https://127.0.0.1:PORT/{tid}/v2.0</c>,
/// per-tenant and <c>organizations</c> metadata with the <c>{tenantid}</c> issuer template, JWKS, and a
/// token endpoint at <c>/{tid}/oauth2/v2.0/token</c> that accepts the on-behalf-of grant (checking the
/// incoming token's signature, audience and the client secret) and refresh tokens. Tests issue the
/// API's bearer tokens with <see cref="IssueApiToken"/>, revoke consent or remove the application per
/// tenant, and read every token it handed out (to search for them where they must not be).
/// </summary>
public sealed class LocalEntra : IAsyncDisposable
{
    public const string ApiClientId = "6f1c3c52-8d0a-4c55-9d0b-6c1b7a2f0a11";
    public const string ApiClientSecret = "local-entra-test-client-secret";
    public const string ApiScope = "access_as_user";
    public const string GraphAudience = "https://graph.microsoft.com";

    private readonly WebApplication app;
    private readonly RsaSecurityKey signingKey;
    private readonly X509Certificate2 tlsCertificate;
    private readonly ConcurrentDictionary<string, RefreshGrant> refreshTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<string> issued = [];
    private readonly ConcurrentDictionary<(Guid Tenant, Guid User), bool> revokedConsent = new();
    private readonly ConcurrentDictionary<Guid, bool> removedApplication = new();
    private int onBehalfOfGrants;
    private int refreshGrants;

    private LocalEntra(WebApplication app, RsaSecurityKey signingKey, X509Certificate2 tlsCertificate, Uri address)
    {
        this.app = app;
        this.signingKey = signingKey;
        this.tlsCertificate = tlsCertificate;
        Address = address;
    }

    /// <summary>The instance, as <c>AzureAd:Instance</c> takes it (<c>https://127.0.0.1:PORT/</c>).</summary>
    public Uri Address { get; }

    /// <summary>How long the Graph access tokens it issues live. MSAL refreshes any token within 5 minutes of its end, so a short one makes every use a refresh.</summary>
    public TimeSpan GraphTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    public int OnBehalfOfGrants => onBehalfOfGrants;

    public int RefreshGrants => refreshGrants;

    /// <summary>Every access, refresh and id token it issued, as strings.</summary>
    public IReadOnlyCollection<string> IssuedTokens => issued.ToArray();

    public string Issuer(Guid tenantId) => $"{Address}{tenantId:D}/v2.0";

    public static async Task<LocalEntra> StartAsync()
    {
        var rsa = RSA.Create(2048);
        var signingKey = new RsaSecurityKey(rsa) { KeyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) };
        var tls = CreateTlsCertificate();

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(tls)));
        var app = builder.Build();
        LocalEntra? entra = null;
        app.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", (string tenant) => Results.Json(entra!.Metadata(tenant)));
        app.MapGet("/{tenant}/discovery/v2.0/keys", () => Results.Json(entra!.Keys()));
        app.MapPost("/{tenant}/oauth2/v2.0/token", (string tenant, HttpRequest request) => entra!.TokenAsync(tenant, request));
        await app.StartAsync();
        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        entra = new LocalEntra(app, signingKey, tls, new Uri($"https://127.0.0.1:{bound.Port}/"));
        return entra;
    }

    /// <summary>A bearer token for IdentityOps' API, as Entra would issue it to a signed-in user.</summary>
    public string IssueApiToken(
        Guid tenantId,
        Guid objectId,
        string? scope = ApiScope,
        string audience = ApiClientId,
        Guid? issuerTenant = null,
        TimeSpan? lifetime = null,
        SecurityKey? signWith = null)
    {
        var claims = new Dictionary<string, object>
        {
            ["tid"] = tenantId.ToString("D"),
            ["oid"] = objectId.ToString("D"),
            ["sub"] = objectId.ToString("N"),
            ["ver"] = "2.0",
            ["azp"] = "a3b1c2d4-0000-4000-8000-00000000c11e",
            ["name"] = "Test User",
            ["preferred_username"] = $"{objectId:N}@example.test",
        };
        if (scope is not null)
        {
            claims["scp"] = scope;
        }

        return Sign(Issuer(issuerTenant ?? tenantId), audience, claims, lifetime ?? TimeSpan.FromHours(1), signWith);
    }

    /// <summary>The user's consent is revoked: their refresh tokens and new exchanges get AADSTS65001.</summary>
    public void RevokeConsent(Guid tenantId, Guid objectId) => revokedConsent[(tenantId, objectId)] = true;

    /// <summary>The enterprise application is deleted from the tenant: every grant gets AADSTS700016.</summary>
    public void RemoveApplication(Guid tenantId) => removedApplication[tenantId] = true;

    /// <summary>A handler that reaches this provider over TLS (trusting only its certificate), answers Microsoft's instance discovery locally, and refuses any other host.</summary>
    public HttpMessageHandler CreateHandler() => new OfflineEntraHandler(this, new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.GetCertHashString() == tlsCertificate.GetCertHashString() },
    });

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        tlsCertificate.Dispose();
    }

    private JsonObject Metadata(string tenant)
    {
        // organizations/common publish the {tenantid} template, as Entra does; a tenant its own issuer.
        var issuer = Guid.TryParse(tenant, out var id) ? Issuer(id) : $"{Address}{{tenantid}}/v2.0";
        return new JsonObject
        {
            ["issuer"] = issuer,
            ["authorization_endpoint"] = $"{Address}{tenant}/oauth2/v2.0/authorize",
            ["token_endpoint"] = $"{Address}{tenant}/oauth2/v2.0/token",
            ["jwks_uri"] = $"{Address}{tenant}/discovery/v2.0/keys",
            ["response_types_supported"] = new JsonArray("code", "id_token", "code id_token"),
            ["subject_types_supported"] = new JsonArray("pairwise"),
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            ["tenant_region_scope"] = "EU",
        };
    }

    private JsonObject Keys()
    {
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(signingKey);
        return new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["kid"] = jwk.Kid,
                ["n"] = jwk.N,
                ["e"] = jwk.E,
            }),
        };
    }

    private async Task<IResult> TokenAsync(string tenant, HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        if (!Guid.TryParse(tenant, out var tenantId))
        {
            return Error("invalid_request", "AADSTS90002: Tenant not found (the test provider needs a tenant id in the path).", 90002);
        }

        if (form["client_id"] != ApiClientId || form["client_secret"] != ApiClientSecret)
        {
            return Error("invalid_client", "AADSTS7000215: Invalid client secret provided.", 7000215, HttpStatusCode.Unauthorized);
        }

        if (removedApplication.ContainsKey(tenantId))
        {
            return Error("unauthorized_client", $"AADSTS700016: Application with identifier '{ApiClientId}' was not found in the directory '{tenantId:D}'.", 700016);
        }

        var scopes = form["scope"].ToString();
        switch (form["grant_type"].ToString())
        {
            case "urn:ietf:params:oauth:grant-type:jwt-bearer" when form["requested_token_use"] == "on_behalf_of":
            {
                var validated = await new JsonWebTokenHandler().ValidateTokenAsync(form["assertion"].ToString(), new TokenValidationParameters
                {
                    ValidIssuer = Issuer(tenantId),
                    ValidAudience = ApiClientId,
                    IssuerSigningKey = signingKey,
                });
                if (!validated.IsValid || !Guid.TryParse(validated.Claims["oid"]?.ToString(), out var user))
                {
                    return Error("invalid_grant", "AADSTS50013: Assertion failed signature validation.", 50013);
                }

                if (revokedConsent.ContainsKey((tenantId, user)))
                {
                    return ConsentRequired(tenantId);
                }

                Interlocked.Increment(ref onBehalfOfGrants);
                return Tokens(tenantId, user, scopes);
            }

            case "refresh_token" when refreshTokens.TryRemove(form["refresh_token"].ToString(), out var grant) && grant.TenantId == tenantId:
                if (revokedConsent.ContainsKey((tenantId, grant.UserId)))
                {
                    return ConsentRequired(tenantId);
                }

                Interlocked.Increment(ref refreshGrants);
                return Tokens(tenantId, grant.UserId, scopes);

            case "refresh_token":
                return Error("invalid_grant", "AADSTS70000: The provided value for the refresh token is not valid.", 70000);

            default:
                return Error("unsupported_grant_type", "AADSTS70003: The app requested an unsupported grant type.", 70003);
        }
    }

    private IResult Tokens(Guid tenantId, Guid userId, string requestedScopes)
    {
        var graphScopes = requestedScopes.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(s => s.StartsWith(GraphAudience, StringComparison.Ordinal))
            .Select(s => s[(GraphAudience.Length + 1)..])
            .ToList();
        var accessToken = Sign(Issuer(tenantId), GraphAudience, new Dictionary<string, object>
        {
            ["tid"] = tenantId.ToString("D"),
            ["oid"] = userId.ToString("D"),
            ["scp"] = string.Join(' ', graphScopes),
            ["ver"] = "1.0",
        }, GraphTokenLifetime, signWith: null);
        var idToken = Sign(Issuer(tenantId), ApiClientId, new Dictionary<string, object>
        {
            ["tid"] = tenantId.ToString("D"),
            ["oid"] = userId.ToString("D"),
            ["sub"] = userId.ToString("N"),
            ["preferred_username"] = $"{userId:N}@example.test",
            ["ver"] = "2.0",
        }, TimeSpan.FromHours(1), signWith: null);
        var refreshToken = "rt." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        refreshTokens[refreshToken] = new RefreshGrant(tenantId, userId);
        issued.Add(accessToken);
        issued.Add(idToken);
        issued.Add(refreshToken);

        var clientInfo = Base64UrlEncoder.Encode(JsonSerializer.Serialize(new { uid = userId.ToString("D"), utid = tenantId.ToString("D") }));
        return Results.Json(new Dictionary<string, object>
        {
            ["token_type"] = "Bearer",
            ["scope"] = string.Join(' ', graphScopes.Select(s => $"{GraphAudience}/{s}")),
            ["expires_in"] = (int)GraphTokenLifetime.TotalSeconds,
            ["ext_expires_in"] = (int)GraphTokenLifetime.TotalSeconds,
            ["access_token"] = accessToken,
            ["refresh_token"] = refreshToken,
            ["id_token"] = idToken,
            ["client_info"] = clientInfo,
        });
    }

    private static IResult ConsentRequired(Guid tenantId)
        => Error("invalid_grant", $"AADSTS65001: The user or administrator has not consented to use the application with ID '{ApiClientId}' in tenant '{tenantId:D}'.", 65001, suberror: "consent_required");

    private static IResult Error(string error, string description, int code, HttpStatusCode status = HttpStatusCode.BadRequest, string? suberror = null)
    {
        var body = new Dictionary<string, object>
        {
            ["error"] = error,
            ["error_description"] = description,
            ["error_codes"] = new[] { code },
            ["timestamp"] = "2026-11-25 00:00:00Z",
            ["trace_id"] = Guid.NewGuid().ToString("D"),
            ["correlation_id"] = Guid.NewGuid().ToString("D"),
        };
        if (suberror is not null)
        {
            body["suberror"] = suberror;
        }

        return Results.Json(body, statusCode: (int)status);
    }

    private string Sign(string issuer, string audience, Dictionary<string, object> claims, TimeSpan lifetime, SecurityKey? signWith)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = now.AddMinutes(-1),
            NotBefore = now.AddMinutes(-1),
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(signWith ?? signingKey, SecurityAlgorithms.RsaSha256),
        });
    }

    private static X509Certificate2 CreateTlsCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null);
    }

    private sealed record RefreshGrant(Guid TenantId, Guid UserId);

    /// <summary>Nothing leaves the machine: Microsoft's instance discovery is answered here, loopback goes to the provider, anything else fails.</summary>
    private sealed class OfflineEntraHandler(LocalEntra entra, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri!;
            if (uri.AbsolutePath.EndsWith("/discovery/instance", StringComparison.Ordinal))
            {
                var host = entra.Address.Authority;
                var body = new JsonObject
                {
                    ["tenant_discovery_endpoint"] = $"{entra.Address}organizations/v2.0/.well-known/openid-configuration",
                    ["api-version"] = "1.1",
                    ["metadata"] = new JsonArray(new JsonObject { ["preferred_network"] = host, ["preferred_cache"] = host, ["aliases"] = new JsonArray(host) }),
                };
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") });
            }

            if (uri.Host != "127.0.0.1")
            {
                throw new HttpRequestException($"The test provider refuses to reach {uri.Host}: nothing leaves the machine.");
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}

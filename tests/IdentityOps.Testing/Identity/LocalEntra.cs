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
/// <para>
/// For the web app's sign-in it also serves the authorization endpoint (authorization code only, PKCE
/// S256 required, redirect URIs matched exactly against <see cref="RegisterRedirectUri"/>, the answer
/// as an auto-submitting <c>form_post</c> page as Entra does, or in the query), the
/// <c>authorization_code</c> grant (single-use, short-lived codes bound to their redirect URI and PKCE
/// challenge) and the admin-consent endpoint. Tests choose who signs in next
/// (<see cref="SignInNext"/>), decline the next consent (<see cref="DeclineNextConsent"/>), and read
/// every scope ever requested (<see cref="RequestedScopes"/>).
/// </para>
/// </summary>
public sealed class LocalEntra : IAsyncDisposable
{
    public const string ApiClientId = "6f1c3c52-8d0a-4c55-9d0b-6c1b7a2f0a11";
    public const string ApiClientSecret = "local-entra-test-client-secret";
    public const string ApiScope = "access_as_user";
    public const string GraphAudience = "https://graph.microsoft.com";

    /// <summary>The client the API's bearer tokens are issued to by default (their <c>azp</c>): the API's configuration allows it.</summary>
    public const string ApiCallerClientId = "a3b1c2d4-0000-4000-8000-00000000c11e";

    /// <summary>The "User" directory role template every member holds: what <c>wids</c> shows for a non-admin.</summary>
    public static readonly Guid UserRoleTemplateId = new("b79fbf4d-3ef9-4689-8143-76b194e85509");

    /// <summary>The Global Administrator directory role template id (Microsoft Entra built-in roles).</summary>
    public static readonly Guid GlobalAdministratorRoleTemplateId = new("62e90394-69f5-4237-9190-012177145e10");

    private readonly WebApplication app;
    private readonly RsaSecurityKey signingKey;
    private readonly X509Certificate2 tlsCertificate;
    private readonly ConcurrentDictionary<string, RefreshGrant> refreshTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<string> issued = [];
    private readonly ConcurrentDictionary<(Guid Tenant, Guid User), bool> revokedConsent = new();
    private readonly ConcurrentDictionary<Guid, bool> removedApplication = new();
    private readonly ConcurrentDictionary<string, AuthorizationCode> codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> redirectUris = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> requestedScopes = new();
    private NextUser? nextSignIn;
    private string? nextConsentDeclined;
    private int onBehalfOfGrants;
    private int refreshGrants;
    private int authorizationCodeGrants;

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

    public int AuthorizationCodeGrants => authorizationCodeGrants;

    /// <summary>How long an authorization code may be redeemed after it was issued (Entra: a few minutes).</summary>
    public TimeSpan AuthorizationCodeLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The secret the token endpoint expects from the app. The default is <see cref="ApiClientSecret"/>; a log test makes it a canary.</summary>
    public string ClientSecret { get; set; } = ApiClientSecret;

    /// <summary>Claims added to every access and id token issued at the token endpoint (a log test plants a canary in them). The default is none.</summary>
    public IDictionary<string, object> ExtraTokenClaims { get; } = new ConcurrentDictionary<string, object>(StringComparer.Ordinal);

    /// <summary>Every scope requested at the authorization, token and admin-consent endpoints, in order (as sent, space-separated values split).</summary>
    public IReadOnlyCollection<string> RequestedScopes => requestedScopes.ToArray();

    /// <summary>Allows a redirect URI (compared exactly, as Entra compares registered reply URLs).</summary>
    public void RegisterRedirectUri(string redirectUri) => redirectUris[redirectUri] = true;

    /// <summary>The user whom the next sign-ins and consents are for (until changed).</summary>
    /// <param name="directoryRoles">
    /// The built-in directory role template ids the user holds, issued in the id token's <c>wids</c> as Entra
    /// does for an app whose <c>groupMembershipClaims</c> includes <c>DirectoryRole</c>. The default is an
    /// ordinary member (<see cref="UserRoleTemplateId"/> only).
    /// </param>
    public void SignInNext(Guid tenantId, Guid objectId, string displayName, IEnumerable<Guid>? directoryRoles = null)
        => nextSignIn = new NextUser(tenantId, objectId, displayName, (directoryRoles ?? [UserRoleTemplateId]).ToArray());

    /// <summary>The next admin consent is declined with this description (once).</summary>
    public void DeclineNextConsent(string description = "The admin declined the permissions IdentityOps asked for.") => nextConsentDeclined = description;

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
        app.MapGet("/{tenant}/oauth2/v2.0/authorize", (string tenant, HttpRequest request) => entra!.Authorize(tenant, request));
        app.MapGet("/{tenant}/v2.0/adminconsent", (HttpRequest request) => entra!.AdminConsent(request));
        await app.StartAsync();
        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        entra = new LocalEntra(app, signingKey, tls, new Uri($"https://127.0.0.1:{bound.Port}/"));
        return entra;
    }

    /// <summary>A bearer token for IdentityOps' API, as Entra would issue it to a signed-in user.</summary>
    /// <param name="authorizedParty">The client the token was issued to (<c>azp</c>); the default is <see cref="ApiCallerClientId"/>.</param>
    public string IssueApiToken(
        Guid tenantId,
        Guid objectId,
        string? scope = ApiScope,
        string audience = ApiClientId,
        Guid? issuerTenant = null,
        TimeSpan? lifetime = null,
        SecurityKey? signWith = null,
        string authorizedParty = ApiCallerClientId)
    {
        var claims = new Dictionary<string, object>
        {
            ["tid"] = tenantId.ToString("D"),
            ["oid"] = objectId.ToString("D"),
            ["sub"] = objectId.ToString("N"),
            ["ver"] = "2.0",
            ["azp"] = authorizedParty,
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

    /// <summary>The enterprise application is back in the tenant (or was never gone: our side was at fault).</summary>
    public void RestoreApplication(Guid tenantId) => removedApplication.TryRemove(tenantId, out _);

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
        if (form["client_id"] != ApiClientId || form["client_secret"] != ClientSecret)
        {
            return Error("invalid_client", "AADSTS7000215: Invalid client secret provided.", 7000215, HttpStatusCode.Unauthorized);
        }

        // A code names its tenant itself: MSAL redeems it at organizations, as with Entra.
        if (form["grant_type"] == "authorization_code")
        {
            Record(form["scope"].ToString());
            return RedeemCode(tenant, form);
        }

        if (!Guid.TryParse(tenant, out var tenantId))
        {
            return Error("invalid_request", "AADSTS90002: Tenant not found (the test provider needs a tenant id in the path).", 90002);
        }

        if (removedApplication.ContainsKey(tenantId))
        {
            return Error("unauthorized_client", $"AADSTS700016: Application with identifier '{ApiClientId}' was not found in the directory '{tenantId:D}'.", 700016);
        }

        var scopes = form["scope"].ToString();
        Record(scopes);
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

    private IResult Tokens(Guid tenantId, Guid userId, string requestedScopes, string? nonce = null, string? displayName = null, IReadOnlyCollection<Guid>? directoryRoles = null)
    {
        var graphScopes = requestedScopes.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(s => s.StartsWith(GraphAudience, StringComparison.Ordinal))
            .Select(s => s[(GraphAudience.Length + 1)..])
            .ToList();
        var accessClaims = new Dictionary<string, object>(ExtraTokenClaims)
        {
            ["tid"] = tenantId.ToString("D"),
            ["oid"] = userId.ToString("D"),
            ["scp"] = string.Join(' ', graphScopes),
            ["ver"] = "1.0",
        };
        var accessToken = Sign(Issuer(tenantId), GraphAudience, accessClaims, GraphTokenLifetime, signWith: null);
        var idTokenClaims = new Dictionary<string, object>(ExtraTokenClaims)
        {
            ["tid"] = tenantId.ToString("D"),
            ["oid"] = userId.ToString("D"),
            ["sub"] = userId.ToString("N"),
            ["preferred_username"] = $"{userId:N}@example.test",
            ["ver"] = "2.0",
        };
        if (nonce is not null)
        {
            idTokenClaims["nonce"] = nonce;
        }

        if (displayName is not null)
        {
            idTokenClaims["name"] = displayName;
        }

        if (directoryRoles is not null)
        {
            idTokenClaims["wids"] = directoryRoles.Select(r => r.ToString("D")).ToList();
        }

        var idToken = Sign(Issuer(tenantId), ApiClientId, idTokenClaims, TimeSpan.FromHours(1), signWith: null);
        var refreshToken = "rt." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        refreshTokens[refreshToken] = new RefreshGrant(tenantId, userId);
        issued.Add(accessToken);
        issued.Add(idToken);
        issued.Add(refreshToken);

        var clientInfo = ClientInfo(tenantId, userId);
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

    private IResult Authorize(string tenant, HttpRequest request)
    {
        var query = request.Query;
        Record(query["scope"].ToString());
        var redirectUri = query["redirect_uri"].ToString();
        if (query["client_id"] != ApiClientId)
        {
            return ErrorPage($"AADSTS700016: Application with identifier '{query["client_id"]}' was not found.");
        }

        // Entra never redirects to an unregistered reply URL: it shows an error page instead.
        if (!redirectUris.ContainsKey(redirectUri))
        {
            return ErrorPage("AADSTS50011: The redirect URI specified in the request does not match the redirect URIs configured for the application.");
        }

        var state = query["state"].ToString();
        var responseMode = query["response_mode"].ToString() is { Length: > 0 } mode ? mode : "query";
        if (query["response_type"] != "code")
        {
            return AuthorizationResponse(redirectUri, responseMode, new() { ["error"] = "unsupported_response_type", ["error_description"] = "AADSTS700054: Only response_type=code is enabled for this application.", ["state"] = state });
        }

        if (string.IsNullOrEmpty(query["code_challenge"]) || query["code_challenge_method"] != "S256")
        {
            return AuthorizationResponse(redirectUri, responseMode, new() { ["error"] = "invalid_request", ["error_description"] = "AADSTS9002325: Proof Key for Code Exchange (S256) is required.", ["state"] = state });
        }

        if (nextSignIn is not { } user || (Guid.TryParse(tenant, out var pathTenant) && pathTenant != user.TenantId))
        {
            return AuthorizationResponse(redirectUri, responseMode, new() { ["error"] = "access_denied", ["error_description"] = "AADSTS50020: No test user was chosen for this tenant.", ["state"] = state });
        }

        var code = "code." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        codes[code] = new AuthorizationCode(user, redirectUri, query["code_challenge"].ToString(), query["nonce"].ToString() is { Length: > 0 } nonce ? nonce : null, DateTimeOffset.UtcNow + AuthorizationCodeLifetime);
        return AuthorizationResponse(redirectUri, responseMode, new()
        {
            ["code"] = code,
            ["state"] = state,
            ["client_info"] = ClientInfo(user.TenantId, user.ObjectId),
            ["session_state"] = Guid.NewGuid().ToString("D"),
        });
    }

    private IResult RedeemCode(string tenant, IFormCollection form)
    {
        if (!codes.TryRemove(form["code"].ToString(), out var code))
        {
            return Error("invalid_grant", "AADSTS54005: OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.", 54005);
        }

        if (code.ExpiresAt <= DateTimeOffset.UtcNow)
        {
            return Error("invalid_grant", "AADSTS70008: The provided authorization code or refresh token has expired.", 70008);
        }

        if (form["redirect_uri"] != code.RedirectUri)
        {
            return Error("invalid_grant", "AADSTS500117: The reply uri specified in the request does not match the reply uri used in the authorization request.", 500117);
        }

        var verifier = form["code_verifier"].ToString();
        if (string.IsNullOrEmpty(verifier) || Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))) != code.Challenge)
        {
            return Error("invalid_grant", "AADSTS501481: The Code_Verifier does not match the code_challenge supplied in the authorization request.", 501481);
        }

        if (Guid.TryParse(tenant, out var pathTenant) && pathTenant != code.User.TenantId)
        {
            return Error("invalid_grant", "AADSTS50148: The code was issued for another tenant.", 50148);
        }

        if (removedApplication.ContainsKey(code.User.TenantId))
        {
            return Error("unauthorized_client", $"AADSTS700016: Application with identifier '{ApiClientId}' was not found in the directory '{code.User.TenantId:D}'.", 700016);
        }

        Interlocked.Increment(ref authorizationCodeGrants);
        return Tokens(code.User.TenantId, code.User.ObjectId, form["scope"].ToString(), code.Nonce, code.User.DisplayName, code.User.DirectoryRoles);
    }

    private IResult AdminConsent(HttpRequest request)
    {
        var query = request.Query;
        Record(query["scope"].ToString());
        var redirectUri = query["redirect_uri"].ToString();
        if (query["client_id"] != ApiClientId || !redirectUris.ContainsKey(redirectUri))
        {
            return ErrorPage("AADSTS50011: The redirect URI specified in the request does not match the redirect URIs configured for the application.");
        }

        var parameters = new Dictionary<string, string> { ["state"] = query["state"].ToString() };
        if (Interlocked.Exchange(ref nextConsentDeclined, null) is { } declined)
        {
            parameters["error"] = "access_denied";
            parameters["error_description"] = "AADSTS65004: " + declined;
        }
        else if (nextSignIn is { } admin)
        {
            parameters["admin_consent"] = "True";
            parameters["tenant"] = admin.TenantId.ToString("D");
            parameters["scope"] = query["scope"].ToString();
        }
        else
        {
            parameters["error"] = "invalid_request";
            parameters["error_description"] = "AADSTS90014: No test admin was chosen to consent.";
        }

        return Results.Redirect(QueryHelpersAppend(redirectUri, parameters));
    }

    private void Record(string scopes)
    {
        foreach (var scope in scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            requestedScopes.Enqueue(scope);
        }
    }

    private static IResult AuthorizationResponse(string redirectUri, string responseMode, Dictionary<string, string> parameters)
    {
        if (responseMode != "form_post")
        {
            return Results.Redirect(QueryHelpersAppend(redirectUri, parameters));
        }

        // As Entra: a page whose only job is to POST the answer back to the app.
        var inputs = string.Concat(parameters.Select(p => $"<input type=\"hidden\" name=\"{WebUtility.HtmlEncode(p.Key)}\" value=\"{WebUtility.HtmlEncode(p.Value)}\" />"));
        var html = $"<html><head><title>Working...</title></head><body><form method=\"POST\" name=\"hiddenform\" action=\"{WebUtility.HtmlEncode(redirectUri)}\">{inputs}<noscript><p>Script is disabled. Click Submit to continue.</p><input type=\"submit\" value=\"Submit\" /></noscript></form><script language=\"javascript\">document.forms[0].submit();</script></body></html>";
        return Results.Content(html, "text/html; charset=utf-8");
    }

    private static IResult ErrorPage(string message)
        => Results.Content($"<html><body><h1>Sign in</h1><p>{WebUtility.HtmlEncode(message)}</p></body></html>", "text/html; charset=utf-8", statusCode: (int)HttpStatusCode.BadRequest);

    private static string QueryHelpersAppend(string uri, Dictionary<string, string> parameters)
        => uri + (uri.Contains('?', StringComparison.Ordinal) ? "&" : "?")
           + string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));

    private static string ClientInfo(Guid tenantId, Guid userId)
        => Base64UrlEncoder.Encode(JsonSerializer.Serialize(new { uid = userId.ToString("D"), utid = tenantId.ToString("D") }));

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

    private sealed record NextUser(Guid TenantId, Guid ObjectId, string DisplayName, IReadOnlyCollection<Guid> DirectoryRoles);

    private sealed record AuthorizationCode(NextUser User, string RedirectUri, string Challenge, string? Nonce, DateTimeOffset ExpiresAt);

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

using IdentityOps.Core.Graph;
using IdentityOps.Core.Identity.Sessions;
using IdentityOps.Core.Identity.TokenCache;
using IdentityOps.Web.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Identity.Web;

namespace IdentityOps.Web.Extensions;

/// <summary>Sign-in, onboarding, server-side sessions, authorization policies, antiforgery and security headers.</summary>
public static class AuthenticationExtensions
{
    public const string AntiforgeryCookieName = "__Host-identityops-antiforgery";

    /// <summary>The antiforgery cookie of the local demo only, which is served over http on loopback.</summary>
    public const string DemoAntiforgeryCookieName = "identityops-demo-antiforgery";

    /// <summary>
    /// Microsoft Entra ID sign-in (section <c>AzureAd</c>: <c>Instance</c>, <c>TenantId=organizations</c>,
    /// <c>ClientId</c>, <c>ClientSecret</c> — the app registration the API uses): OpenID Connect
    /// authorization code with PKCE and <c>form_post</c>, the code redeemed for the admin's delegated Graph
    /// token kept only in the encrypted PostgreSQL cache; <see cref="ServerSessionAuthenticationHandler"/>
    /// as the default scheme (Identity.Web adds no cookie scheme); <see cref="WebPolicies"/>; antiforgery
    /// with a <c>__Host-</c> cookie. Without <c>AzureAd:ClientId</c> nobody can sign in through Entra;
    /// only the local demo (Development, loopback, demo database) signs in, with keys that live in memory.
    /// </summary>
    public static IHostApplicationBuilder AddWebAuthentication(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var entra = builder.Configuration.GetSection("AzureAd");
        var settings = new WebSignInSettings(
            Uri.TryCreate(entra["Instance"], UriKind.Absolute, out var instance) ? instance : null,
            entra["ClientId"],
            builder.IsDemoAllowed());
        services.AddSingleton(settings);
        services.AddServerSessions();
        services.AddSingleton<ConsentStateStore>();
        services.AddHostedService<ConsentStateSweeper>();

        var authentication = services.AddAuthentication(options =>
            {
                options.DefaultScheme = ServerSessionOptions.Scheme;
                options.DefaultSignInScheme = ServerSessionOptions.Scheme;
                options.DefaultSignOutScheme = ServerSessionOptions.Scheme;
                options.DefaultChallengeScheme = settings.EntraConfigured ? OpenIdConnectDefaults.AuthenticationScheme : ServerSessionOptions.Scheme;
            })
            .AddScheme<ServerSessionOptions, ServerSessionAuthenticationHandler>(ServerSessionOptions.Scheme, _ => { });

        if (settings.EntraConfigured)
        {
            authentication
                .AddMicrosoftIdentityWebApp(entra, OpenIdConnectDefaults.AuthenticationScheme, cookieScheme: null)
                .EnableTokenAcquisitionToCallDownstreamApi(GraphScopes.DelegatedFullyQualified);
            services.Configure<AadIssuerValidatorOptions>(issuer => issuer.HttpClientName = "entra-issuer-metadata");
            services.Configure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, ConfigureOpenIdConnect);
        }
        else
        {
            // No Entra: token acquisition is registered (the host's services take it) but unconfigured,
            // so any use fails; nobody signs in through Entra. Its cache is still only ours (AddDelegatedSessions).
            services.AddTokenAcquisition();
            services.AddHttpClient();
        }

        // With Entra, delegated tokens are stored: never without the key ring (AddTokenProtection refuses
        // to start without it). Without Entra and without a key ring, only the demo can sign in, and its
        // sessions end with the process.
        if (settings.EntraConfigured || !string.IsNullOrWhiteSpace(builder.Configuration[$"{TokenProtectionOptions.Section}:KeyRingPath"]))
        {
            services.AddTokenProtection(builder.Configuration);
        }
        else
        {
            services.AddDataProtection().UseEphemeralDataProtectionProvider();
        }

        services.AddWebPolicies();
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = AntiforgeryCookieName;
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            if (settings.DemoSignIn)
            {
                // The local demo is served on http://127.0.0.1 (Development and loopback only, enforced at
                // start-up): a __Host- cookie needs Secure, which antiforgery refuses to set on http.
                antiforgery.Cookie.Name = DemoAntiforgeryCookieName;
                antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            }

            antiforgery.Cookie.HttpOnly = true;
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.Path = "/";
        });
        return builder;
    }

    /// <summary>Security headers on every response, static files included: call first.</summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeadersMiddleware>();
        return app;
    }

    /// <summary>
    /// The request pipeline's sign-in part, after static files (which need no session lookup), in
    /// order: held-back token writes on the sign-in callback, authentication, the request's tenant
    /// from the session, authorization, antiforgery.
    /// </summary>
    public static WebApplication UseWebSecurity(this WebApplication app)
    {
        app.UseDeferredTokenCacheWrites();
        app.UseAuthentication();
        app.UseMiddleware<TenantContextMiddleware>();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    /// <summary>Sign-in, sign-out, access denied, onboarding (admin consent) and the local demo sign-in.</summary>
    public static WebApplication MapWebAuthentication(this WebApplication app)
    {
        app.MapAccountEndpoints();
        app.MapOnboardingEndpoints();
        app.MapDemoSignIn();
        return app;
    }

    private static void ConfigureOpenIdConnect(OpenIdConnectOptions oidc)
    {
        // Stated, not inherited: code flow with PKCE, answer posted back (as Entra does), our session as
        // the sign-in, and no tokens in the authentication properties (they live in the token cache).
        oidc.SignInScheme = ServerSessionOptions.Scheme;
        oidc.ResponseType = "code";
        oidc.ResponseMode = "form_post";
        oidc.UsePkce = true;
        oidc.SaveTokens = false;
        oidc.CorrelationCookie.SecurePolicy = CookieSecurePolicy.Always;
        oidc.NonceCookie.SecurePolicy = CookieSecurePolicy.Always;

        var validated = oidc.Events.OnTokenValidated;
        oidc.Events.OnTokenValidated = async context =>
        {
            await validated(context);
            if (context.Result is null)
            {
                await SignInEvents.OnTokenValidatedAsync(context);
            }
        };
    }
}

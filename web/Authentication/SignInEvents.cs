using IdentityOps.Core.Identity.TokenCache;
using IdentityOps.Core.Lifecycle.OnboardTenant;
using IdentityOps.Core.Tenancy;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Web;

namespace IdentityOps.Web.Authentication;

/// <summary>
/// What happens between Entra's answer and the session: the id token is validated by the OpenID
/// Connect handler (signature, audience, per-tenant issuer, nonce); then, and only then, its
/// <c>tid</c> becomes the request's tenant, a first sign-in after consent onboards the tenant, and
/// the admin's delegated tokens (redeemed earlier in the callback, held back until now) are written
/// to the encrypted cache. A tenant that never connected gets no session and no stored tokens.
/// </summary>
internal static partial class SignInEvents
{
    private const string DeferredWritesItem = "identityops.deferred-token-writes";

    public static async Task OnTokenValidatedAsync(TokenValidatedContext context)
    {
        var services = context.HttpContext.RequestServices;
        var principal = context.Principal!;
        if (!Guid.TryParse(principal.GetTenantId(), out var tenantId) || !Guid.TryParse(principal.GetObjectId(), out var objectId))
        {
            context.Fail("The id token has no tenant or object id.");
            return;
        }

        services.GetRequiredService<TenantContext>().Set(tenantId);
        var onboarding = services.GetRequiredService<OnboardTenantCommand>();
        var cancellationToken = context.HttpContext.RequestAborted;
        if (context.Properties?.Items.TryGetValue(OnboardingEndpoints.ConsentGrantedItem, out var consent) == true && consent == "granted")
        {
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SignInEvents));
            if (!context.Properties.Items.TryGetValue(OnboardingEndpoints.ConsentTenantItem, out var consentTenant) || !Guid.TryParse(consentTenant, out var consentTenantId) || consentTenantId != tenantId)
            {
                LogConsentTenantMismatch(logger, tenantId);
                Refuse(context, OnboardingEndpoints.TenantMismatchPath);
                return;
            }

            var roles = DirectoryRoles(principal);
            var outcome = await onboarding.OnboardAsync(new OnboardTenantRequest(tenantId, objectId, principal.FindFirst(ClaimConstants.Name)?.Value ?? principal.GetDisplayName() ?? string.Empty, roles), cancellationToken);
            LogOnboarding(logger, tenantId, outcome);
            if (outcome == OnboardTenantOutcome.RefusedNotDirectoryAdmin)
            {
                // Nothing was created; no session and no stored tokens either (the held-back writes are dropped).
                // Not on the audit chain: a tenant's chain begins with its record, and this tenant has none.
                LogOnboardingRefused(logger, tenantId, objectId, roles.Count);
                Refuse(context, OnboardingEndpoints.AdminRequiredPath);
                return;
            }
        }
        else if (!await onboarding.IsOnboardedAsync(tenantId, cancellationToken))
        {
            context.HandleResponse();
            context.Response.Redirect(OnboardingEndpoints.NotConnectedPath);
            return;
        }

        if (context.HttpContext.Items[DeferredWritesItem] is DeferredTokenCacheWrites writes)
        {
            await services.GetRequiredService<PostgresTokenCacheProvider>().FlushAsync(writes, tenantId, cancellationToken);
        }
    }

    /// <summary>
    /// The <c>wids</c> claim: the built-in directory role template ids of the user (one claim per value;
    /// Microsoft.IdentityModel does not map its name). Values that are not GUIDs are ignored.
    /// </summary>
    internal static IReadOnlyCollection<Guid> DirectoryRoles(System.Security.Claims.ClaimsPrincipal principal)
        => principal.FindAll(WidsClaim).Select(c => Guid.TryParse(c.Value, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).ToHashSet();

    private const string WidsClaim = "wids";

    private static void Refuse(TokenValidatedContext context, string page)
    {
        context.HandleResponse();
        context.Response.Redirect(page);
    }

    /// <summary>
    /// On the OpenID Connect callback, holds the token cache writes of the code redemption until
    /// <see cref="OnTokenValidatedAsync"/> (see <see cref="DeferredTokenCacheWrites"/>); whatever was
    /// not written by then is dropped with the request.
    /// </summary>
    public static IApplicationBuilder UseDeferredTokenCacheWrites(this IApplicationBuilder app)
        => app.Use(async (context, next) =>
        {
            var oidc = context.RequestServices.GetService<IOptionsMonitor<OpenIdConnectOptions>>()?.Get(OpenIdConnectDefaults.AuthenticationScheme);
            if (oidc is null || !context.Request.Path.Equals(oidc.CallbackPath, StringComparison.Ordinal))
            {
                await next(context);
                return;
            }

            using var writes = DeferredTokenCacheWrites.Begin();
            context.Items[DeferredWritesItem] = writes;
            await next(context);
        });

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign-in after admin consent for tenant {TenantId}: {Outcome}")]
    private static partial void LogOnboarding(ILogger logger, Guid tenantId, OnboardTenantOutcome outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Onboarding of tenant {TenantId} refused: user {ObjectId} holds no directory role that can grant the admin consent ({RoleCount} directory roles in the token)")]
    private static partial void LogOnboardingRefused(ILogger logger, Guid tenantId, Guid objectId, int roleCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in after admin consent refused: the sign-in's tenant {TenantId} is not the tenant that consented")]
    private static partial void LogConsentTenantMismatch(ILogger logger, Guid tenantId);
}

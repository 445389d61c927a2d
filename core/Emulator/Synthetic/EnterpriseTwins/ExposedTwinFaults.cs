using System.Text.Json.Nodes;
using static IdentityOps.Emulator.Synthetic.EnterpriseTwins.EnterpriseTwinIds;

namespace IdentityOps.Emulator.Synthetic.EnterpriseTwins;

/// <summary>
/// Issue 17's faults, applied to the well-kept tenant. Each one is a configuration the rules used to pass (false
/// assurance); the fifth, the missing break-glass accounts, lives in the rule settings, not in Graph.
/// </summary>
internal static class ExposedTwinFaults
{
    /// <summary>Exchange Online's <c>full_access_as_app</c>: every mailbox, over EWS, as the app (Microsoft's Exchange app-only docs).</summary>
    public static readonly string FullAccessAsApp = GraphReferenceData.ExchangeFullAccessAsApp.Id;

    /// <summary>How many ordinary members the MFA-for-all policy excludes: all eight.</summary>
    public const int ExcludedMembers = 8;

    public static void Apply(EnterpriseTenantBuilder tenant)
    {
        EligibleGuestGlobalAdministrator(tenant);
        PasswordSprayedDormantAdmin(tenant);
        FullAccessAsAppOnExchange(tenant);
        MfaForAllExcludingMostUsers(tenant);
    }

    /// <summary>
    /// The partner's guest made eligible for Global Administrator: not active today, so rules that read only active
    /// assignments pass, yet the guest can activate it at any time (ScubaGear counts eligible holders, MS.AAD.7.1/7.3).
    /// </summary>
    private static void EligibleGuestGlobalAdministrator(EnterpriseTenantBuilder tenant)
        => tenant.RoleEligibilities.Add(tenant.Eligibility("res-ravi-ga", GraphReferenceData.GlobalAdministrator.TemplateId, RaviGuest, 45));

    /// <summary>
    /// Megan has not signed in successfully for 140 days, but an attacker spraying passwords keeps her
    /// <c>lastSignInDateTime</c> fresh: Graph records attempts "regardless of whether the attempt was successful"
    /// (signInActivity resource, learn.microsoft.com/en-us/graph/api/resources/signinactivity).
    /// </summary>
    private static void PasswordSprayedDormantAdmin(EnterpriseTenantBuilder tenant)
    {
        var megan = tenant.User(MeganUserAdmin);
        var lastSuccess = EnterpriseTenantBuilder.Time(tenant.DaysAgo(140));
        var lastAttempt = EnterpriseTenantBuilder.Time(tenant.DaysAgo(0.3));
        megan["signInActivity"] = new JsonObject
        {
            ["lastSignInDateTime"] = lastAttempt,
            ["lastSignInRequestId"] = EnterpriseTenantBuilder.RequestId(MeganUserAdmin, 7),
            ["lastNonInteractiveSignInDateTime"] = lastSuccess,
            ["lastNonInteractiveSignInRequestId"] = EnterpriseTenantBuilder.RequestId(MeganUserAdmin, 2),
            ["lastSuccessfulSignInDateTime"] = lastSuccess,
            ["lastSuccessfulSignInRequestId"] = EnterpriseTenantBuilder.RequestId(MeganUserAdmin, 1),
        };

        // Her portal sign-in three days ago never happened; the spray did: invalid-password failures every few hours.
        var portal = tenant.SignIns.Single(s => (string?)s["userId"] == SyntheticJson.Id(MeganUserAdmin));
        tenant.SignIns.Remove(portal);
        for (var attempt = 0; attempt < 6; attempt++)
        {
            tenant.SignIns.Add(tenant.SignIn(900 + attempt, MeganUserAdmin, "00000002-0000-0ff1-ce00-000000000000", "Office 365 Exchange Online", "Browser", tenant.DaysAgo(0.3 + (attempt * 0.25)), "singleFactorAuthentication", EnterpriseTenantBuilder.InvalidPasswordErrorCode));
        }
    }

    /// <summary>
    /// A mail archiving app granted Exchange Online's <c>full_access_as_app</c>: read and write every mailbox in the
    /// organisation. Well built otherwise (certificate, admin owners, in use), so only the permission is at fault.
    /// </summary>
    private static void FullAccessAsAppOnExchange(EnterpriseTenantBuilder tenant)
    {
        var app = EnterpriseTenantBuilder.MailArchiver;
        var start = tenant.DaysAgo(90);
        tenant.Applications.Add(tenant.Application(
            app,
            web: [],
            requiredResourceAccess: [EnterpriseTenantBuilder.Access(GraphReferenceData.ExchangeOnlineAppId, (FullAccessAsApp, "Role"))],
            keys: [EnterpriseTenantBuilder.KeyCredential(new Guid("0e7a7000-0000-4000-8000-000000000501"), "CN=mail-archiver.fabrikam.example", "AsymmetricX509Cert", "Verify", start, start.AddYears(1), "TWFpbEFyY2hpdmVy")],
            passwords: [],
            owners: [DiegoApplicationAdmin, AlexGlobalAdmin]));
        tenant.ServicePrincipals.Add(EnterpriseTenantBuilder.TenantServicePrincipal(app, "AzureADMyOrg", null, [], []));
        tenant.ExchangeAppRoleAssignments.Add(tenant.AppRoleAssignment("ara-mailarchiver-fullaccess", FullAccessAsApp, MailArchiverServicePrincipal, app.DisplayName, ExchangeOnlineServicePrincipal, "Office 365 Exchange Online", 200));
        tenant.AppSignInActivities.Add(tenant.AppActivity(EnterpriseTenantBuilder.AppIdOf(app), 0.05, daemon: true));
    }

    /// <summary>
    /// CA001 still targets "All" users, but excludes every ordinary member by id (besides the break-glass accounts): it
    /// covers the five admin accounts and the guest, ten of fifteen users are outside it. The risk-based policy beside it
    /// asks for MFA only when Identity Protection rates a sign-in risky, which is not "MFA for everyone".
    /// </summary>
    private static void MfaForAllExcludingMostUsers(EnterpriseTenantBuilder tenant)
    {
        var users = tenant.Policy(MfaForAllPolicy)["conditions"]!["users"]!.AsObject();
        users["excludeUsers"] = SyntheticJson.Strings([.. EnterpriseTenantBuilder.BreakGlassExclusions, .. Members.Take(ExcludedMembers).Select(SyntheticJson.Id)]);
    }
}

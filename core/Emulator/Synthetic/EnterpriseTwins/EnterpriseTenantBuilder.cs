using System.Text.Json.Nodes;
using static IdentityOps.Emulator.Synthetic.EnterpriseTwins.EnterpriseTwinIds;

namespace IdentityOps.Emulator.Synthetic.EnterpriseTwins;

/// <summary>
/// The well-kept enterprise tenant as mutable JSON, so <see cref="ExposedTwinFaults"/> can change a few objects of the
/// very same tenant. Every object is written here by hand; shapes follow Microsoft's Graph reference and the
/// documents cited beside them.
/// </summary>
internal sealed partial class EnterpriseTenantBuilder
{
    public const string Domain = "fabrikam.example";
    public const string InitialDomain = "fabrikamenterprise.onmicrosoft.com";

    /// <summary>Microsoft's managed consent policy, "Let Microsoft manage your consent settings (Recommended)".</summary>
    public const string RecommendedConsentPolicy = "ManagePermissionGrantsForSelf.microsoft-user-default-recommended";

    /// <summary>The built-in "Phishing-resistant MFA" authentication strength (Microsoft's built-in strengths have fixed ids).</summary>
    public const string PhishingResistantStrengthId = "00000000-0000-0000-0000-000000000004";

    /// <summary>Invalid username or password: what a password spray leaves in the sign-in log.</summary>
    public const int InvalidPasswordErrorCode = 50126;

    private readonly DateTimeOffset asOf;

    public EnterpriseTenantBuilder(DateTimeOffset asOf)
    {
        this.asOf = asOf;
        Users = [.. UserPlans().Select(UserJson)];
        Registrations = [.. UserPlans().Select(RegistrationJson)];
        ServicePrincipals = [.. ResourceServicePrincipals(), .. AppServicePrincipals(), .. EnterpriseTwinAssignments.LockedDownMicrosoftClients()]; // issue 19 C: the last
        Applications = [.. AppRegistrations()];
        GraphAppRoleAssignments = [AppRoleAssignment("ara-hrsync-userreadall", GraphUserReadAll, HrSyncServicePrincipal, "HR Sync", MicrosoftGraphServicePrincipal, "Microsoft Graph", 300)];
        ExchangeAppRoleAssignments = [];
        Grants = [.. DelegatedGrants()];
        RoleAssignments = [.. ActiveRoleAssignments()];
        RoleInstances = [.. ActiveRoleInstances()];
        RoleEligibilities = [.. Eligibilities()];
        ConditionalAccess = [.. ConditionalAccessPolicies()];
        SignIns = [.. SignInLog()];
        AppSignInActivities = [.. AppActivities()];
    }

    public List<JsonObject> Users { get; }

    public List<JsonObject> Registrations { get; }

    public List<JsonObject> ServicePrincipals { get; }

    public List<JsonObject> Applications { get; }

    public List<JsonObject> GraphAppRoleAssignments { get; }

    public List<JsonObject> ExchangeAppRoleAssignments { get; }

    public List<JsonObject> Grants { get; }

    public List<JsonObject> RoleAssignments { get; }

    public List<JsonObject> RoleInstances { get; }

    public List<JsonObject> RoleEligibilities { get; }

    public List<JsonObject> ConditionalAccess { get; }

    public List<JsonObject> SignIns { get; }

    public List<JsonObject> AppSignInActivities { get; }

    // Microsoft Graph application permission ids (GraphReferenceData, from Microsoft's permissions reference).
    private static readonly string GraphUserReadAll = GraphReferenceData.ApplicationPermission("User.Read.All").Id;

    public DateTimeOffset DaysAgo(double days) => asOf.AddDays(-days);

    public static string Time(DateTimeOffset time) => SyntheticJson.Time(time);

    public JsonObject User(Guid id) => Users.Single(u => (string?)u["id"] == SyntheticJson.Id(id));

    public JsonObject Policy(string id) => ConditionalAccess.Single(p => (string?)p["id"] == id);

    public Dictionary<string, JsonNode> Files()
    {
        var files = new Dictionary<string, JsonNode>(StringComparer.Ordinal)
        {
            ["organization.json"] = Collection([Organization()]),
            ["users.json"] = Collection(Users),
            ["reports/authenticationMethods/userRegistrationDetails.json"] = Collection(Registrations),
            ["applications.json"] = Collection(Applications),
            ["servicePrincipals.json"] = Collection(ServicePrincipals),
            ["oauth2PermissionGrants.json"] = Collection(Grants),
            [$"servicePrincipals/{SyntheticJson.Id(MicrosoftGraphServicePrincipal)}/appRoleAssignedTo.json"] = Collection(GraphAppRoleAssignments),
            [$"servicePrincipals/{SyntheticJson.Id(ExchangeOnlineServicePrincipal)}/appRoleAssignedTo.json"] = Collection(ExchangeAppRoleAssignments),
            [$"servicePrincipals/{SyntheticJson.Id(SharePointOnlineServicePrincipal)}/appRoleAssignedTo.json"] = Collection([]),
            [$"servicePrincipals/{SyntheticJson.Id(AzureAdGraphServicePrincipal)}/appRoleAssignedTo.json"] = Collection([]),
            ["roleManagement/directory/roleDefinitions.json"] = Collection([.. RoleDefinitions()]),
            ["roleManagement/directory/roleAssignments.json"] = Collection(RoleAssignments),
            ["roleManagement/directory/roleAssignmentScheduleInstances.json"] = Collection(RoleInstances),
            ["roleManagement/directory/roleEligibilitySchedules.json"] = Collection(RoleEligibilities),
            ["identity/conditionalAccess/policies.json"] = Collection(ConditionalAccess),
            ["policies/authorizationPolicy.json"] = AuthorizationPolicy(),
            ["policies/authenticationStrengthPolicies.json"] = Collection(SyntheticAuthenticationStrengths.All(withCustom: false, DaysAgo(500))),
            ["policies/identitySecurityDefaultsEnforcementPolicy.json"] = SecurityDefaults(),
            ["policies/authenticationMethodsPolicy.json"] = AuthenticationMethodsPolicy(),
            ["policies/adminConsentRequestPolicy.json"] = AdminConsentRequestPolicy(),
            ["policies/defaultAppManagementPolicy.json"] = DefaultAppManagementPolicy(),
            ["auditLogs/signIns.json"] = Collection(SignIns),
            ["reports/servicePrincipalSignInActivities.json"] = Collection(AppSignInActivities),

            // issue 19 C
            ["domains.json"] = Collection(EnterpriseTwinAssignments.Domains()),
            ["groupSettings.json"] = Collection(EnterpriseTwinAssignments.GroupSettings()),
            ["policies/roleManagementPolicyAssignments.json"] = Collection(EnterpriseTwinAssignments.PimRoleSettings()),
        };
        return files;
    }

    private static JsonObject Collection(IEnumerable<JsonObject> items) => new() { ["value"] = SyntheticJson.Objects(items.Select(i => (JsonObject)i.DeepClone())) };

    // ---- Users -------------------------------------------------------------------------------------------------

    /// <summary>What one user is: kind, sign-in recency in days, methods registered.</summary>
    internal sealed record UserPlan(Guid Id, string DisplayName, string UserPrincipalName, bool Guest, bool Synced, int CreatedDaysAgo, double LastSignInDaysAgo, string[] Methods);

    private static IEnumerable<UserPlan> UserPlans()
    {
        // Break-glass: cloud-only, on the initial domain, FIDO2 keys (Microsoft's mandatory-MFA guidance: passkey/FIDO2 or
        // certificate-based for emergency accounts), signed in on the monthly check 26 days ago.
        // Source: https://learn.microsoft.com/en-us/entra/identity/role-based-access-control/security-emergency-access
        yield return new(BreakGlass1, "Emergency Access 01", $"emergency01@{InitialDomain}", false, false, 1100, 26, ["fido2"]);
        yield return new(BreakGlass2, "Emergency Access 02", $"emergency02@{InitialDomain}", false, false, 1100, 26, ["fido2"]);

        // Admins: separate cloud-only admin accounts (CIS 1.1.1), phishing-resistant methods registered.
        yield return new(AlexGlobalAdmin, "Alex Wilber (admin)", $"adm-awilber@{Domain}", false, false, 700, 1, ["fido2", "microsoftAuthenticatorPush"]);
        yield return new(PriyaSecurityAdmin, "Priya Raman (admin)", $"adm-praman@{Domain}", false, false, 650, 0.2, ["fido2", "microsoftAuthenticatorPush"]);
        yield return new(DiegoApplicationAdmin, "Diego Siciliani (admin)", $"adm-dsiciliani@{Domain}", false, false, 600, 2, ["fido2", "microsoftAuthenticatorPush"]);
        yield return new(MeganUserAdmin, "Megan Bowen (admin)", $"adm-mbowen@{Domain}", false, false, 800, 3, ["fido2", "microsoftAuthenticatorPush"]);

        string[] names = ["Lynne Robbins", "Isaiah Langer", "Johanna Lorenz", "Lee Gu", "Nestor Wilke", "Patti Fernandez", "Pradeep Gupta", "Grady Archie"];
        foreach (var (name, index) in names.Select((n, i) => (n, i)))
        {
            var upn = $"{name.Split(' ')[0].ToLowerInvariant()}.{name.Split(' ')[1].ToLowerInvariant()}@{Domain}";
            yield return new(Members[index], name, upn, false, true, 1500 - (index * 40), 0.5 + index, ["microsoftAuthenticatorPush", "windowsHelloForBusiness"]);
        }

        // A partner's consultant, invited by an admin (B2B): registers MFA in the home tenant, not here.
        yield return new(RaviGuest, "Ravi Kumar (Contoso)", $"ravi_contoso.example#EXT#@{InitialDomain}", true, false, 200, 3, []);
    }

    private JsonObject UserJson(UserPlan user)
    {
        var last = Time(DaysAgo(user.LastSignInDaysAgo));
        return new JsonObject
        {
            ["id"] = SyntheticJson.Id(user.Id),
            ["displayName"] = user.DisplayName,
            ["userPrincipalName"] = user.UserPrincipalName,
            ["mail"] = user.Guest ? "ravi@contoso.example" : user.UserPrincipalName,
            ["userType"] = user.Guest ? "Guest" : "Member",
            ["accountEnabled"] = true,
            ["createdDateTime"] = Time(DaysAgo(user.CreatedDaysAgo)),
            // Graph returns null (not false) for cloud-only accounts.
            ["onPremisesSyncEnabled"] = user.Synced ? true : null,
            ["externalUserState"] = user.Guest ? "Accepted" : null,
            ["externalUserStateChangeDateTime"] = user.Guest ? Time(DaysAgo(user.CreatedDaysAgo - 1)) : null, // issue 19 E2: accepted a day after the invitation
            ["signInActivity"] = new JsonObject
            {
                ["lastSignInDateTime"] = last,
                ["lastSignInRequestId"] = RequestId(user.Id, 1),
                ["lastNonInteractiveSignInDateTime"] = last,
                ["lastNonInteractiveSignInRequestId"] = RequestId(user.Id, 2),
                ["lastSuccessfulSignInDateTime"] = last,
                ["lastSuccessfulSignInRequestId"] = RequestId(user.Id, 1),
            },
        };
    }

    public static string RequestId(Guid userId, int serial) => $"{SyntheticJson.Id(userId)[..24]}{serial:D12}";

    private JsonObject RegistrationJson(UserPlan user) => new()
    {
        ["id"] = SyntheticJson.Id(user.Id),
        ["userPrincipalName"] = user.UserPrincipalName,
        ["userDisplayName"] = user.DisplayName,
        ["userType"] = user.Guest ? "guest" : "member",
        ["isAdmin"] = user.Id == BreakGlass1 || user.Id == BreakGlass2 || user.Id == PriyaSecurityAdmin,
        ["isSsprRegistered"] = user.Methods.Length > 0,
        ["isSsprEnabled"] = !user.Guest,
        ["isSsprCapable"] = user.Methods.Length > 0 && !user.Guest,
        ["isMfaRegistered"] = user.Methods.Length > 0,
        ["isMfaCapable"] = user.Methods.Length > 0,
        ["isPasswordlessCapable"] = user.Methods.Any(m => m is "fido2" or "windowsHelloForBusiness"),
        ["methodsRegistered"] = SyntheticJson.Strings(user.Methods),
        ["isSystemPreferredAuthenticationMethodEnabled"] = true,
        ["systemPreferredAuthenticationMethods"] = SyntheticJson.Strings(user.Methods.Length > 0 ? [user.Methods[0] == "fido2" ? "Fido2" : "Push"] : []),
        ["userPreferredMethodForSecondaryAuthentication"] = user.Methods.Contains("microsoftAuthenticatorPush") ? "push" : "none",
        ["lastUpdatedDateTime"] = Time(DaysAgo(1)),
    };

    // ---- Service principals and app registrations --------------------------------------------------------------

    private IEnumerable<JsonObject> ResourceServicePrincipals()
    {
        yield return FirstParty(MicrosoftGraphServicePrincipal, GraphReferenceData.MicrosoftGraphAppId, "Microsoft Graph", []);

        // Exchange hybrid: the Hybrid Configuration Wizard uploads the on-premises Exchange Server Auth Certificate (public
        // key only) to the Office 365 Exchange Online service principal, type AsymmetricX509Cert, usage Verify, so Exchange
        // Online accepts the on-premises server's OAuth tokens (free/busy, MRM, eDiscovery across the hybrid).
        // Source: https://learn.microsoft.com/en-us/exchange/configure-oauth-authentication-between-exchange-and-exchange-online-organizations-exchange-2013-help
        yield return FirstParty(ExchangeOnlineServicePrincipal, GraphReferenceData.ExchangeOnlineAppId, "Office 365 Exchange Online",
        [
            KeyCredential(new Guid("0e7a7000-0000-4000-8000-000000000001"), "CN=Microsoft Exchange Server Auth Certificate", "AsymmetricX509Cert", "Verify", DaysAgo(400), DaysAgo(400).AddYears(5), "RXhjaGFuZ2VBdXRoQ2VydFRodW1icHJpbnQ="),
        ]);
        yield return FirstParty(SharePointOnlineServicePrincipal, GraphReferenceData.SharePointOnlineAppId, "Office 365 SharePoint Online", []);
        yield return FirstParty(AzureAdGraphServicePrincipal, new Guid("00000002-0000-0000-c000-000000000000"), "Windows Azure Active Directory", []);

        // A verified third-party SaaS app users signed in to with a tenant-wide sign-in-only grant.
        yield return new JsonObject
        {
            ["id"] = SyntheticJson.Id(ZoomServicePrincipal),
            ["appId"] = "0e7a6000-0000-4000-8000-000000000099",
            ["displayName"] = "Zoom",
            ["appDisplayName"] = "Zoom",
            ["appOwnerOrganizationId"] = "0e7a6fff-0000-4000-8000-000000000001",
            ["servicePrincipalType"] = "Application",
            ["accountEnabled"] = true,
            ["appRoleAssignmentRequired"] = false, // issue 19 C: meant for every user (a Low finding the admins accept)
            ["signInAudience"] = "AzureADMultipleOrgs",
            ["tags"] = SyntheticJson.Strings(["WindowsAzureActiveDirectoryIntegratedApp"]),
            ["verifiedPublisher"] = new JsonObject { ["displayName"] = "Zoom Video Communications, Inc.", ["verifiedPublisherId"] = "5021883", ["addedDateTime"] = "2020-06-01T00:00:00Z" },
            ["passwordCredentials"] = new JsonArray(),
            ["keyCredentials"] = new JsonArray(),
        };
    }

    private static JsonObject FirstParty(Guid id, Guid appId, string name, JsonObject[] keys) => new()
    {
        ["id"] = SyntheticJson.Id(id),
        ["appId"] = SyntheticJson.Id(appId),
        ["displayName"] = name,
        ["appDisplayName"] = name,
        ["appOwnerOrganizationId"] = SyntheticJson.Id(GraphReferenceData.MicrosoftTenantId),
        ["servicePrincipalType"] = "Application",
        ["accountEnabled"] = true,
        ["appRoleAssignmentRequired"] = false, // issue 19 C: resource APIs, Microsoft's default
        ["signInAudience"] = "AzureADMultipleOrgs",
        ["tags"] = new JsonArray(),
        ["verifiedPublisher"] = new JsonObject { ["displayName"] = null, ["verifiedPublisherId"] = null, ["addedDateTime"] = null },
        ["passwordCredentials"] = new JsonArray(),
        ["keyCredentials"] = SyntheticJson.Objects(keys),
    };

    internal sealed record AppPlan(int Number, Guid Id, Guid ServicePrincipalId, string DisplayName, int CreatedDaysAgo);

    internal static AppPlan HrSync { get; } = new(1, HrSyncApp, HrSyncServicePrincipal, "HR Sync", 500);

    internal static AppPlan Intranet { get; } = new(2, IntranetApp, IntranetServicePrincipal, "Intranet Portal", 450);

    internal static AppPlan Salesforce { get; } = new(3, SalesforceApp, SalesforceServicePrincipal, "Salesforce", 420);

    internal static AppPlan ServiceNow { get; } = new(4, ServiceNowApp, ServiceNowServicePrincipal, "ServiceNow", 380);

    internal static AppPlan MailArchiver { get; } = new(5, MailArchiverApp, MailArchiverServicePrincipal, "Mail Archiver", 250);

    public static Guid AppIdOf(AppPlan app) => new($"0e7a6000-0000-4000-8000-{app.Number:D12}");

    private IEnumerable<JsonObject> AppServicePrincipals()
    {
        yield return TenantServicePrincipal(HrSync, "AzureADMyOrg", null, [], []);
        yield return TenantServicePrincipal(Intranet, "AzureADMyOrg", null, [], []);

        // A SAML app's signing set as the portal (and Add-MgServicePrincipalTokenSigningCertificate) creates it: a private
        // key with usage Sign and a public key with usage Verify, and a password credential that opens the private key;
        // all three share customKeyIdentifier, the password credential shares the Sign key's keyId.
        // Source: https://learn.microsoft.com/en-us/graph/api/serviceprincipal-addtokensigningcertificate?view=graph-rest-1.0
        // (microsoft-graph-docs api-reference/v1.0/api/serviceprincipal-addtokensigningcertificate.md)
        var salesforceStart = DaysAgo(Salesforce.CreatedDaysAgo);
        yield return SamlSigningSet(Salesforce, "X0oQ1oOa7sFjbH0hDx3c0d3uXqE=", "5F4A10D68391AEC5B1636DB47D0F1DCDCDDDEE5EA1", signType: "AsymmetricX509Cert", salesforceStart, salesforceStart.AddYears(3));

        // The same set imported through Graph, as Microsoft's "Automate SAML-based SSO app configuration" tutorial shows it:
        // the Sign key of type X509CertAndPassword, the Verify key AsymmetricX509Cert, the password credential with the Sign
        // key's keyId. Source: https://learn.microsoft.com/en-us/graph/application-saml-sso-configure-api (step "Configure
        // signing certificate"; PATCH servicePrincipals keyCredentials and passwordCredentials).
        var serviceNowStart = DaysAgo(200);
        yield return SamlSigningSet(ServiceNow, "lY85bR8r6yWTW6jnciNEONwlVhA=", "958F396D1F2BEB25935BA8E772234438DC255610", signType: "X509CertAndPassword", serviceNowStart, serviceNowStart.AddYears(2));
    }

    public static JsonObject TenantServicePrincipal(AppPlan app, string audience, string? samlThumbprint, JsonObject[] keys, JsonObject[] passwords) => new()
    {
        ["id"] = SyntheticJson.Id(app.ServicePrincipalId),
        ["appId"] = SyntheticJson.Id(AppIdOf(app)),
        ["displayName"] = app.DisplayName,
        ["appDisplayName"] = app.DisplayName,
        ["appOwnerOrganizationId"] = SyntheticJson.Id(TenantId),
        ["servicePrincipalType"] = "Application",
        ["accountEnabled"] = true,
        ["appRoleAssignmentRequired"] = true, // issue 19 C
        ["signInAudience"] = audience,
        ["tags"] = SyntheticJson.Strings(samlThumbprint is null ? ["WindowsAzureActiveDirectoryIntegratedApp"] : ["WindowsAzureActiveDirectoryIntegratedApp", "WindowsAzureActiveDirectoryCustomSingleSignOnApplication"]),
        ["preferredSingleSignOnMode"] = samlThumbprint is null ? null : "saml",
        ["preferredTokenSigningKeyThumbprint"] = samlThumbprint,
        ["verifiedPublisher"] = new JsonObject { ["displayName"] = null, ["verifiedPublisherId"] = null, ["addedDateTime"] = null },
        ["passwordCredentials"] = SyntheticJson.Objects(passwords),
        ["keyCredentials"] = SyntheticJson.Objects(keys),
    };

    private static JsonObject SamlSigningSet(AppPlan app, string customKeyIdentifier, string thumbprint, string signType, DateTimeOffset start, DateTimeOffset end)
    {
        var signKeyId = new Guid($"0e7a7000-0000-4000-8000-{(app.Number * 10) + 1:D12}");
        var verifyKeyId = new Guid($"0e7a7000-0000-4000-8000-{(app.Number * 10) + 2:D12}");
        const string Subject = "CN=Microsoft Azure Federated SSO Certificate";
        return TenantServicePrincipal(
            app,
            "AzureADMyOrg",
            thumbprint,
            [
                KeyCredential(signKeyId, Subject, signType, "Sign", start, end, customKeyIdentifier),
                KeyCredential(verifyKeyId, Subject, "AsymmetricX509Cert", "Verify", start, end, customKeyIdentifier),
            ],
            [
                new JsonObject
                {
                    ["customKeyIdentifier"] = customKeyIdentifier,
                    ["displayName"] = Subject,
                    ["endDateTime"] = Time(end),
                    ["hint"] = null,
                    ["keyId"] = SyntheticJson.Id(signKeyId),
                    ["secretText"] = null,
                    ["startDateTime"] = Time(start),
                },
            ]);
    }

    public static JsonObject KeyCredential(Guid keyId, string displayName, string type, string usage, DateTimeOffset start, DateTimeOffset end, string customKeyIdentifier) => new()
    {
        ["customKeyIdentifier"] = customKeyIdentifier,
        ["displayName"] = displayName,
        ["endDateTime"] = Time(end),
        // Graph returns key as null unless $select names it: only the public part ever exists here anyway.
        ["key"] = null,
        ["keyId"] = SyntheticJson.Id(keyId),
        ["startDateTime"] = Time(start),
        ["type"] = type,
        ["usage"] = usage,
    };

    private IEnumerable<JsonObject> AppRegistrations()
    {
        // A daemon reading the directory for the HR system: a certificate, one modest application permission.
        var hrCertStart = DaysAgo(60);
        yield return Application(
            HrSync,
            web: [],
            requiredResourceAccess: [Access(GraphReferenceData.MicrosoftGraphAppId, (GraphUserReadAll, "Role"))],
            keys: [KeyCredential(new Guid("0e7a7000-0000-4000-8000-000000000101"), "CN=hr-sync.fabrikam.example", "AsymmetricX509Cert", "Verify", hrCertStart, hrCertStart.AddYears(1), "SFJTeW5jQ2VydA==")],
            passwords: [],
            owners: [DiegoApplicationAdmin, AlexGlobalAdmin]);

        // A web app signing users in: a 180-day secret (within the tenant's lifetime policy), sign-in scopes only.
        var secretStart = DaysAgo(30);
        yield return Application(
            Intranet,
            web: [$"https://intranet.{Domain}/signin-oidc"],
            requiredResourceAccess: [Access(GraphReferenceData.MicrosoftGraphAppId, (Scope("User.Read"), "Scope"), (Scope("openid"), "Scope"), (Scope("profile"), "Scope"))],
            keys: [],
            passwords:
            [
                new JsonObject
                {
                    ["customKeyIdentifier"] = null,
                    ["displayName"] = "intranet-2026-h2",
                    ["endDateTime"] = Time(secretStart.AddDays(180)),
                    ["hint"] = "Fq8",
                    ["keyId"] = "0e7a7000-0000-4000-8000-000000000201",
                    ["secretText"] = null,
                    ["startDateTime"] = Time(secretStart),
                },
            ],
            owners: [DiegoApplicationAdmin, PriyaSecurityAdmin]);

        // Gallery SAML apps: the reply URL is the app registration's web redirect URI; their certificates sit on the
        // service principal (above), never on the app registration.
        yield return Application(Salesforce, web: ["https://fabrikam.my.salesforce.com/"], requiredResourceAccess: [Access(GraphReferenceData.MicrosoftGraphAppId, (Scope("User.Read"), "Scope"))], keys: [], passwords: [], owners: [DiegoApplicationAdmin, AlexGlobalAdmin]);
        yield return Application(ServiceNow, web: ["https://fabrikam.service-now.com/navpage.do"], requiredResourceAccess: [Access(GraphReferenceData.MicrosoftGraphAppId, (Scope("User.Read"), "Scope"))], keys: [], passwords: [], owners: [DiegoApplicationAdmin, PriyaSecurityAdmin]);
    }

    private static string Scope(string value) => GraphReferenceData.DelegatedPermission(value).Id;

    public static JsonObject Access(Guid resourceAppId, params (string Id, string Type)[] access) => new()
    {
        ["resourceAppId"] = SyntheticJson.Id(resourceAppId),
        ["resourceAccess"] = SyntheticJson.Objects(access.Select(a => new JsonObject { ["id"] = a.Id, ["type"] = a.Type })),
    };

    public JsonObject Application(AppPlan app, string[] web, JsonObject[] requiredResourceAccess, JsonObject[] keys, JsonObject[] passwords, Guid[] owners) => new()
    {
        ["id"] = SyntheticJson.Id(app.Id),
        ["appId"] = SyntheticJson.Id(AppIdOf(app)),
        ["displayName"] = app.DisplayName,
        ["createdDateTime"] = Time(DaysAgo(app.CreatedDaysAgo)),
        ["signInAudience"] = "AzureADMyOrg",
        ["publisherDomain"] = Domain,
        ["verifiedPublisher"] = new JsonObject { ["displayName"] = null, ["verifiedPublisherId"] = null, ["addedDateTime"] = null },
        ["web"] = new JsonObject
        {
            ["homePageUrl"] = null,
            ["logoutUrl"] = null,
            ["redirectUris"] = SyntheticJson.Strings(web),
            ["implicitGrantSettings"] = new JsonObject { ["enableAccessTokenIssuance"] = false, ["enableIdTokenIssuance"] = false },
        },
        ["spa"] = new JsonObject { ["redirectUris"] = new JsonArray() },
        ["publicClient"] = new JsonObject { ["redirectUris"] = new JsonArray() },
        ["requiredResourceAccess"] = SyntheticJson.Objects(requiredResourceAccess),
        ["passwordCredentials"] = SyntheticJson.Objects(passwords),
        ["keyCredentials"] = SyntheticJson.Objects(keys),
        ["owners"] = SyntheticJson.Objects(owners.Select(Owner)),
    };

    private JsonObject Owner(Guid userId)
    {
        var user = User(userId);
        return new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.user",
            ["id"] = SyntheticJson.Id(userId),
            ["displayName"] = user["displayName"]!.DeepClone(),
            ["userType"] = user["userType"]!.DeepClone(),
            ["accountEnabled"] = true,
        };
    }

    public JsonObject AppRoleAssignment(string id, string appRoleId, Guid principal, string principalName, Guid resource, string resourceName, int createdDaysAgo) => new()
    {
        ["id"] = id,
        ["appRoleId"] = appRoleId,
        ["principalId"] = SyntheticJson.Id(principal),
        ["principalType"] = "ServicePrincipal",
        ["principalDisplayName"] = principalName,
        ["resourceId"] = SyntheticJson.Id(resource),
        ["resourceDisplayName"] = resourceName,
        ["createdDateTime"] = Time(DaysAgo(createdDaysAgo)),
    };

    private static IEnumerable<JsonObject> DelegatedGrants()
    {
        // Admin consent for sign-in scopes only: the intranet, the SAML apps' User.Read, and Zoom's sign-in.
        yield return Grant("grant-intranet", IntranetServicePrincipal, "openid profile User.Read");
        yield return Grant("grant-salesforce", SalesforceServicePrincipal, "User.Read");
        yield return Grant("grant-servicenow", ServiceNowServicePrincipal, "User.Read");
        yield return Grant("grant-zoom", ZoomServicePrincipal, "openid profile email User.Read");
    }

    private static JsonObject Grant(string id, Guid client, string scope) => new()
    {
        ["id"] = id,
        ["clientId"] = SyntheticJson.Id(client),
        ["consentType"] = "AllPrincipals",
        ["principalId"] = null,
        ["resourceId"] = SyntheticJson.Id(MicrosoftGraphServicePrincipal),
        ["scope"] = scope,
    };

    private IEnumerable<JsonObject> AppActivities()
    {
        foreach (var (appId, daysAgo, daemon) in new[] { (AppIdOf(HrSync), 0.1, true), (AppIdOf(Intranet), 0.2, false), (AppIdOf(Salesforce), 0.3, false), (AppIdOf(ServiceNow), 0.4, false) })
        {
            yield return AppActivity(appId, daysAgo, daemon);
        }
    }

    public JsonObject AppActivity(Guid appId, double daysAgo, bool daemon)
    {
        var last = new JsonObject { ["lastSignInDateTime"] = Time(DaysAgo(daysAgo)), ["lastSignInRequestId"] = RequestId(appId, 9) };
        static JsonObject None() => new() { ["lastSignInDateTime"] = null, ["lastSignInRequestId"] = null };
        return new JsonObject
        {
            ["id"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(SyntheticJson.Id(appId))),
            ["appId"] = SyntheticJson.Id(appId),
            ["delegatedClientSignInActivity"] = daemon ? None() : last.DeepClone(),
            ["delegatedResourceSignInActivity"] = None(),
            ["applicationAuthenticationClientSignInActivity"] = daemon ? last.DeepClone() : None(),
            ["applicationAuthenticationResourceSignInActivity"] = None(),
            ["lastSignInActivity"] = last,
        };
    }

    // ---- Roles -------------------------------------------------------------------------------------------------

    private static IEnumerable<JsonObject> RoleDefinitions()
        => GraphReferenceData.BuiltInRoles.Select(role => new JsonObject
        {
            ["id"] = role.TemplateId,
            ["description"] = role.Description,
            ["displayName"] = role.DisplayName,
            ["isBuiltIn"] = true,
            ["isEnabled"] = true,
            ["isPrivileged"] = role.IsPrivileged,
            ["resourceScopes"] = SyntheticJson.Strings(["/"]),
            ["templateId"] = role.TemplateId,
            ["version"] = "1",
            ["rolePermissions"] = new JsonArray(new JsonObject { ["allowedResourceActions"] = SyntheticJson.Strings(["microsoft.directory/users/standard/read"]), ["condition"] = null }),
        });

    private static readonly string GlobalAdministrator = GraphReferenceData.GlobalAdministrator.TemplateId;

    private IEnumerable<JsonObject> ActiveRoleAssignments()
    {
        // Break-glass accounts hold Global Administrator permanently and actively: Microsoft's emergency-access guidance.
        yield return RoleAssignment("ra-breakglass-1", GlobalAdministrator, BreakGlass1);
        yield return RoleAssignment("ra-breakglass-2", GlobalAdministrator, BreakGlass2);

        // Priya activated her eligible Security Administrator role this morning (PIM); it ends in a few hours.
        yield return RoleAssignment("ra-priya-activated", GraphReferenceData.SecurityAdministrator.TemplateId, PriyaSecurityAdmin);
    }

    private JsonObject RoleAssignment(string id, string roleId, Guid userId)
    {
        var user = User(userId);
        return new JsonObject
        {
            ["id"] = id,
            ["principalId"] = SyntheticJson.Id(userId),
            ["roleDefinitionId"] = roleId,
            ["directoryScopeId"] = "/",
            ["appScopeId"] = null,
            ["principal"] = new JsonObject
            {
                ["@odata.type"] = "#microsoft.graph.user",
                ["id"] = SyntheticJson.Id(userId),
                ["displayName"] = user["displayName"]!.DeepClone(),
                ["userPrincipalName"] = user["userPrincipalName"]!.DeepClone(),
                ["userType"] = user["userType"]!.DeepClone(),
                ["accountEnabled"] = true,
                ["onPremisesSyncEnabled"] = null,
            },
        };
    }

    private IEnumerable<JsonObject> ActiveRoleInstances()
    {
        yield return RoleInstance("rasi-breakglass-1", "ra-breakglass-1", GlobalAdministrator, BreakGlass1, "Assigned", DaysAgo(1000), null);
        yield return RoleInstance("rasi-breakglass-2", "ra-breakglass-2", GlobalAdministrator, BreakGlass2, "Assigned", DaysAgo(1000), null);
        yield return RoleInstance("rasi-priya-activated", "ra-priya-activated", GraphReferenceData.SecurityAdministrator.TemplateId, PriyaSecurityAdmin, "Activated", DaysAgo(0.25), asOf.AddHours(2));
    }

    private static JsonObject RoleInstance(string id, string origin, string roleId, Guid userId, string assignmentType, DateTimeOffset start, DateTimeOffset? end) => new()
    {
        ["id"] = id,
        ["principalId"] = SyntheticJson.Id(userId),
        ["roleDefinitionId"] = roleId,
        ["directoryScopeId"] = "/",
        ["appScopeId"] = null,
        ["startDateTime"] = Time(start),
        ["endDateTime"] = end is { } e ? Time(e) : null,
        ["assignmentType"] = assignmentType,
        ["memberType"] = "Direct",
        ["roleAssignmentOriginId"] = origin,
        ["roleAssignmentScheduleId"] = origin,
    };

    private IEnumerable<JsonObject> Eligibilities()
    {
        yield return Eligibility("res-alex-ga", GlobalAdministrator, AlexGlobalAdmin, 600);
        yield return Eligibility("res-priya-secadmin", GraphReferenceData.SecurityAdministrator.TemplateId, PriyaSecurityAdmin, 600);
        yield return Eligibility("res-diego-appadmin", GraphReferenceData.ApplicationAdministrator.TemplateId, DiegoApplicationAdmin, 550);
        yield return Eligibility("res-megan-useradmin", GraphReferenceData.UserAdministrator.TemplateId, MeganUserAdmin, 700);
    }

    public JsonObject Eligibility(string id, string roleId, Guid userId, int sinceDaysAgo) => new()
    {
        ["id"] = id,
        ["principalId"] = SyntheticJson.Id(userId),
        ["roleDefinitionId"] = roleId,
        ["directoryScopeId"] = "/",
        ["appScopeId"] = null,
        ["memberType"] = "Direct",
        ["status"] = "Provisioned",
        ["createdDateTime"] = Time(DaysAgo(sinceDaysAgo)),
        ["scheduleInfo"] = new JsonObject
        {
            ["startDateTime"] = Time(DaysAgo(sinceDaysAgo)),
            ["recurrence"] = null,
            ["expiration"] = new JsonObject { ["type"] = "afterDateTime", ["endDateTime"] = Time(DaysAgo(sinceDaysAgo).AddYears(2)), ["duration"] = null },
        },
    };

    // ---- Conditional Access ------------------------------------------------------------------------------------

    /// <summary>Both break-glass accounts: excluded from every policy (Microsoft's emergency-access guidance).</summary>
    public static string[] BreakGlassExclusions => [SyntheticJson.Id(BreakGlass1), SyntheticJson.Id(BreakGlass2)];

    private IEnumerable<JsonObject> ConditionalAccessPolicies()
    {
        // Microsoft's Conditional Access templates: https://learn.microsoft.com/en-us/entra/identity/conditional-access/concept-conditional-access-policy-common
        yield return CaPolicy(MfaForAllPolicy, "CA001 Require multifactor authentication for all users", Targets(includeUsers: ["All"]), clientAppTypes: ["all"], grant: Grant("OR", ["mfa"]));

        // Phishing-resistant strength for the privileged roles (the built-in "Phishing-resistant MFA" strength).
        var adminRoles = GraphReferenceData.BuiltInRoles.Where(r => r.IsPrivileged).Select(r => r.TemplateId).Union(CisaHighlyPrivilegedRoles).ToArray();
        yield return CaPolicy(AdminPhishingResistantPolicy, "CA002 Require phishing-resistant multifactor authentication for administrators", Targets(includeRoles: adminRoles), clientAppTypes: ["all"], grant: Grant("OR", [], PhishingResistantStrengthId));

        yield return CaPolicy(LegacyBlockPolicy, "CA003 Block legacy authentication", Targets(includeUsers: ["All"]), clientAppTypes: ["exchangeActiveSync", "other"], grant: Grant("OR", ["block"]));

        // Risk-based policies (Entra ID P2) beside, not instead of, the MFA-for-all policy.
        yield return CaPolicy(RiskySignInPolicy, "CA004 Require multifactor authentication for risky sign-ins", Targets(includeUsers: ["All"]), clientAppTypes: ["all"], grant: Grant("OR", ["mfa"]), signInRisk: ["high", "medium"], session: EveryTime());
        yield return CaPolicy(RiskyUserPolicy, "CA005 Require password change for high-risk users", Targets(includeUsers: ["All"]), clientAppTypes: ["all"], grant: Grant("AND", ["mfa", "passwordChange"]), userRisk: ["high"], session: EveryTime());

        yield return CaPolicy(DeviceCodeBlockPolicy, "CA006 Block device code flow", Targets(includeUsers: ["All"]), clientAppTypes: ["all"], grant: Grant("OR", ["block"]), transferMethods: "deviceCodeFlow");

        // issue 19 A2: administrators on managed devices, and security info registered only from trusted locations or with MFA.
        yield return CaPolicy(EnterpriseTwinBaselinePolicies.AdminDevicePolicy, "CA021 Require compliant or hybrid joined device for administrators", Targets(includeRoles: EnterpriseTwinBaselinePolicies.TemplateAdminRoles), clientAppTypes: ["all"], grant: Grant("OR", ["compliantDevice", "domainJoinedDevice"]));
        yield return EnterpriseTwinBaselinePolicies.OnSecurityInfoRegistration(CaPolicy(EnterpriseTwinBaselinePolicies.RegistrationPolicy, "CA022 Securing security info registration", Targets(includeUsers: ["All"]), clientAppTypes: ["all"], grant: Grant("OR", ["mfa"])));
        foreach (var policy in SessionPolicies())
        {
            yield return policy; // issue 19 A3
        }
    }

    private JsonObject CaPolicy(string id, string name, JsonObject users, string[] clientAppTypes, JsonObject? grant, string[]? signInRisk = null, string[]? userRisk = null, JsonObject? session = null, string? transferMethods = null) => new()
    {
        ["id"] = id,
        ["templateId"] = null,
        ["displayName"] = name,
        ["createdDateTime"] = Time(DaysAgo(500)),
        ["modifiedDateTime"] = Time(DaysAgo(40)),
        ["state"] = "enabled",
        ["conditions"] = new JsonObject
        {
            ["userRiskLevels"] = SyntheticJson.Strings(userRisk ?? []),
            ["signInRiskLevels"] = SyntheticJson.Strings(signInRisk ?? []),
            ["clientAppTypes"] = SyntheticJson.Strings(clientAppTypes),
            ["platforms"] = null,
            ["locations"] = null,
            ["devices"] = null,
            ["clientApplications"] = null,
            ["authenticationFlows"] = transferMethods is null ? null : new JsonObject { ["transferMethods"] = transferMethods },
            ["applications"] = new JsonObject
            {
                ["includeApplications"] = SyntheticJson.Strings(["All"]),
                ["excludeApplications"] = new JsonArray(),
                ["includeUserActions"] = new JsonArray(),
                ["includeAuthenticationContextClassReferences"] = new JsonArray(),
            },
            ["users"] = users,
        },
        ["grantControls"] = grant,
        ["sessionControls"] = session,
    };

    private static JsonObject Targets(string[]? includeUsers = null, string[]? includeRoles = null) => new()
    {
        ["includeUsers"] = SyntheticJson.Strings(includeUsers ?? []),
        ["excludeUsers"] = SyntheticJson.Strings(BreakGlassExclusions),
        ["includeGroups"] = new JsonArray(),
        ["excludeGroups"] = new JsonArray(),
        ["includeRoles"] = SyntheticJson.Strings(includeRoles ?? []),
        ["excludeRoles"] = new JsonArray(),
        ["includeGuestsOrExternalUsers"] = null,
        ["excludeGuestsOrExternalUsers"] = null,
    };

    private static JsonObject Grant(string @operator, string[] controls, string? strengthId = null) => new()
    {
        ["operator"] = @operator,
        ["builtInControls"] = SyntheticJson.Strings(controls),
        ["customAuthenticationFactors"] = new JsonArray(),
        ["termsOfUse"] = new JsonArray(),
        ["authenticationStrength"] = strengthId is null ? null : new JsonObject
        {
            ["id"] = strengthId,
            ["displayName"] = "Phishing-resistant MFA",
            ["description"] = "Phishing-resistant, Passwordless methods for the strongest authentication, such as a FIDO2 security key",
            ["policyType"] = "builtIn",
            ["requirementsSatisfied"] = "mfa",
            ["allowedCombinations"] = SyntheticJson.Strings(["windowsHelloForBusiness", "fido2", "x509CertificateMultiFactor"]),
        },
    };

    private static JsonObject EveryTime() => new()
    {
        ["applicationEnforcedRestrictions"] = null,
        ["cloudAppSecurity"] = null,
        ["persistentBrowser"] = null,
        ["signInFrequency"] = new JsonObject { ["value"] = null, ["type"] = null, ["authenticationType"] = "primaryAndSecondaryAuthentication", ["frequencyInterval"] = "everyTime", ["isEnabled"] = true },
    };

    // ---- Tenant-wide policies ----------------------------------------------------------------------------------

    private static JsonObject Organization() => new()
    {
        ["id"] = SyntheticJson.Id(TenantId),
        ["displayName"] = "Fabrikam Enterprise",
        ["assignedPlans"] = new JsonArray(
            new JsonObject { ["assignedDateTime"] = "2023-01-01T00:00:00Z", ["capabilityStatus"] = "Enabled", ["service"] = "AADPremiumService", ["servicePlanId"] = SyntheticJson.Id(GraphReferenceData.EntraIdP1ServicePlanId) },
            new JsonObject { ["assignedDateTime"] = "2023-01-01T00:00:00Z", ["capabilityStatus"] = "Enabled", ["service"] = "AADPremiumService", ["servicePlanId"] = SyntheticJson.Id(GraphReferenceData.EntraIdP2ServicePlanId) }),
    };

    private static JsonObject AuthorizationPolicy() => new()
    {
        ["id"] = EnterpriseTwinIds.AuthorizationPolicy,
        ["displayName"] = "Authorization Policy",
        ["description"] = "Used to manage authorization related settings across the company.",
        ["allowInvitesFrom"] = "adminsAndGuestInviters",
        ["allowedToSignUpEmailBasedSubscriptions"] = false,
        ["allowedToUseSSPR"] = true,
        ["allowEmailVerifiedUsersToJoinOrganization"] = false,
        ["allowUserConsentForRiskyApps"] = false,
        ["blockMsolPowerShell"] = true,
        ["guestUserRoleId"] = "2af84b1e-32c8-42b7-82bc-daa82404023b",
        ["defaultUserRolePermissions"] = new JsonObject
        {
            ["allowedToCreateApps"] = false,
            ["allowedToCreateSecurityGroups"] = false,
            ["allowedToCreateTenants"] = false,
            ["allowedToReadBitlockerKeysForOwnedDevice"] = false, // issue 19 B: key recovery through the helpdesk
            ["allowedToReadOtherUsers"] = true,
            // "Let Microsoft manage your consent settings (Recommended)".
            // Source: https://learn.microsoft.com/en-us/entra/identity/enterprise-apps/configure-user-consent
            ["permissionGrantPoliciesAssigned"] = SyntheticJson.Strings([RecommendedConsentPolicy]),
        },
    };

    private static JsonObject SecurityDefaults() => new()
    {
        ["id"] = "00000000-0000-0000-0000-000000000005",
        ["displayName"] = "Security Defaults",
        ["description"] = "Security defaults is a set of basic identity security mechanisms recommended by Microsoft.",
        // Off because Conditional Access replaces it: the two cannot be on together.
        ["isEnabled"] = false,
    };

    private static JsonObject AuthenticationMethodsPolicy() => new()
    {
        ["id"] = "authenticationMethodsPolicy",
        ["displayName"] = "Authentication Methods Policy",
        ["description"] = "The tenant-wide policy that controls which authentication methods are allowed in the tenant, authentication method registration requirements, and self-service password reset settings",
        ["policyVersion"] = "1.5",
        ["policyMigrationState"] = "migrationComplete",
        ["authenticationMethodConfigurations"] = new JsonArray(
            Method("Fido2", "enabled"), Method("MicrosoftAuthenticator", "enabled"), Method("TemporaryAccessPass", "enabled"),
            Method("Sms", "disabled"), Method("Voice", "disabled"), Method("Email", "disabled"), Method("SoftwareOath", "disabled"),
            Method("HardwareOath", "disabled"), Method("X509Certificate", "disabled")),
    };

    private static JsonObject Method(string id, string state) => new()
    {
        ["@odata.type"] = $"#microsoft.graph.{char.ToLowerInvariant(id[0])}{id[1..]}AuthenticationMethodConfiguration",
        ["id"] = id,
        ["state"] = state,
        ["excludeTargets"] = new JsonArray(),
    };

    private static JsonObject AdminConsentRequestPolicy() => new()
    {
        ["id"] = "adminConsentRequestPolicy",
        ["isEnabled"] = true,
        ["notifyReviewers"] = true,
        ["remindersEnabled"] = true,
        ["requestDurationInDays"] = 30,
        ["version"] = 2,
        ["reviewers"] = new JsonArray(new JsonObject { ["query"] = $"/users/{SyntheticJson.Id(DiegoApplicationAdmin)}", ["queryType"] = "MicrosoftGraph", ["queryRoot"] = null }),
    };

    private static JsonObject DefaultAppManagementPolicy() => new()
    {
        ["id"] = "00000000-0000-0000-0000-000000000000",
        ["displayName"] = "Default app management tenant policy",
        ["description"] = "Default tenant policy that enforces app management restrictions on applications and service principals.",
        ["isEnabled"] = true,
        ["applicationRestrictions"] = new JsonObject
        {
            ["passwordCredentials"] = new JsonArray(new JsonObject { ["restrictionType"] = "passwordLifetime", ["maxLifetime"] = "P180D", ["restrictForAppsCreatedAfterDateTime"] = "2023-01-01T00:00:00Z" }),
            ["keyCredentials"] = new JsonArray(),
        },
        ["servicePrincipalRestrictions"] = new JsonObject { ["passwordCredentials"] = new JsonArray(), ["keyCredentials"] = new JsonArray() },
    };

    // ---- Sign-in log -------------------------------------------------------------------------------------------

    private IEnumerable<JsonObject> SignInLog()
    {
        var azurePortal = "c44b4083-3bb0-49c1-b47d-974e53cbdf3c";
        var serial = 0;
        foreach (var (user, daysAgo) in new[] { (BreakGlass1, 26.0), (BreakGlass2, 26.0), (PriyaSecurityAdmin, 0.2), (AlexGlobalAdmin, 1.0), (DiegoApplicationAdmin, 2.0), (MeganUserAdmin, 3.0) })
        {
            yield return SignIn(++serial, user, azurePortal, "Azure Portal", "Browser", DaysAgo(daysAgo), "multiFactorAuthentication", 0);
        }

        foreach (var (member, index) in Members.Select((m, i) => (m, i)))
        {
            yield return SignIn(++serial, member, "00000002-0000-0ff1-ce00-000000000000", "Office 365 Exchange Online", "Mobile Apps and Desktop clients", DaysAgo(0.5 + index), "multiFactorAuthentication", 0);
        }
    }

    public JsonObject SignIn(int serial, Guid userId, string appId, string appName, string clientApp, DateTimeOffset at, string requirement, int errorCode)
    {
        var user = User(userId);
        return new JsonObject
        {
            ["id"] = $"0e7a8000-0000-4000-8000-{serial:D12}",
            ["createdDateTime"] = Time(at),
            ["userDisplayName"] = user["displayName"]!.DeepClone(),
            ["userPrincipalName"] = user["userPrincipalName"]!.DeepClone(),
            ["userId"] = SyntheticJson.Id(userId),
            ["appId"] = appId,
            ["appDisplayName"] = appName,
            ["clientAppUsed"] = clientApp,
            ["conditionalAccessStatus"] = errorCode == 0 ? "success" : "notApplied",
            ["authenticationRequirement"] = requirement,
            ["isInteractive"] = true,
            ["status"] = new JsonObject
            {
                ["errorCode"] = errorCode,
                ["failureReason"] = errorCode == 0 ? null : "Invalid username or password or Invalid on-premise username or password.",
                ["additionalDetails"] = null,
            },
        };
    }
}

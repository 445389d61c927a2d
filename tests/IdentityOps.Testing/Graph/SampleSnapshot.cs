using System.Text.Json.Nodes;

namespace IdentityOps.Testing.Graph;

/// <summary>
/// A small hand-written tenant as Graph v1.0 response bodies, with canaries where Graph returns
/// what we must never store (secret hints, key bytes, IP addresses, user agents, locations).
/// </summary>
public static class SampleSnapshot
{
    public static readonly Guid TenantId = Guid.Parse("11111111-2222-4333-8444-555555555555");
    public static readonly Guid AppObjectId = Guid.Parse("a0000000-0000-4000-8000-000000000001");
    public static readonly Guid AppId = Guid.Parse("a1000000-0000-4000-8000-000000000001");
    public static readonly Guid GraphSpId = Guid.Parse("b0000000-0000-4000-8000-000000000003");
    public static readonly Guid ClientSpId = Guid.Parse("b0000000-0000-4000-8000-000000000001");
    public static readonly Guid AliceId = Guid.Parse("c0000000-0000-4000-8000-000000000001");
    public static readonly Guid BobId = Guid.Parse("c0000000-0000-4000-8000-000000000002");

    public const string SecretCanary = "CANARY-SECRET-TEXT-7f3a";
    public const string HintCanary = "Qz7";
    public const string KeyCanary = "Q0FOQVJZLUtFWS1CWVRFUw==";
    public const string IpCanary = "203.0.113.77";
    public const string UserAgentCanary = "CanaryAgent/9.9";
    public const string CityCanary = "Canaryville";
    public const string DeviceCanary = "CanaryLaptop-42";

    public static IReadOnlyList<string> Canaries { get; } = [SecretCanary, KeyCanary, IpCanary, UserAgentCanary, CityCanary, DeviceCanary, "CANARY-CUSTOM-KEY-ID"];

    public static Dictionary<string, JsonNode> Files(int extraUsers = 0)
    {
        var users = new JsonArray
        {
            User(AliceId, "Alice Admin", "Member", lastSignIn: "2026-11-20T08:00:00Z"),
            User(BobId, "Bob {{ 7*7 }} <script>", "Guest", lastSignIn: "2026-05-01T08:00:00Z"),
        };
        for (var i = 0; i < extraUsers; i++)
        {
            users.Add(User(Guid.Parse($"d0000000-0000-4000-8000-{i:D12}"), $"User {i}", "Member", lastSignIn: "2026-11-24T08:00:00Z"));
        }

        return new Dictionary<string, JsonNode>(StringComparer.Ordinal)
        {
            ["organization.json"] = Collection(new JsonObject
            {
                ["id"] = TenantId.ToString(),
                ["displayName"] = "Contoso Sample",
                ["assignedPlans"] = new JsonArray(new JsonObject { ["servicePlanId"] = "eec0eb4f-6444-4f95-aba0-50c24d67f998", ["capabilityStatus"] = "Enabled", ["service"] = "AADPremiumService" }),
            }),
            ["applications.json"] = Collection(new JsonObject
            {
                ["id"] = AppObjectId.ToString(),
                ["appId"] = AppId.ToString(),
                ["displayName"] = "Payroll Connector",
                ["signInAudience"] = "AzureADMultipleOrgs",
                ["createdDateTime"] = "2024-01-01T00:00:00Z",
                ["web"] = new JsonObject { ["redirectUris"] = new JsonArray("https://*.contoso.com/callback", "http://localhost:8080"), ["implicitGrantSettings"] = new JsonObject { ["enableAccessTokenIssuance"] = true, ["enableIdTokenIssuance"] = false } },
                ["passwordCredentials"] = new JsonArray(new JsonObject
                {
                    ["keyId"] = "e0000000-0000-4000-8000-000000000001",
                    ["displayName"] = "prod secret",
                    ["startDateTime"] = "2026-01-01T00:00:00Z",
                    ["endDateTime"] = "2026-12-01T00:00:00Z",
                    ["hint"] = HintCanary,
                    ["secretText"] = SecretCanary,
                }),
                ["keyCredentials"] = new JsonArray(new JsonObject
                {
                    ["keyId"] = "e0000000-0000-4000-8000-000000000002",
                    ["displayName"] = "CN=payroll",
                    ["type"] = "AsymmetricX509Cert",
                    ["usage"] = "Verify",
                    ["startDateTime"] = "2026-01-01T00:00:00Z",
                    ["endDateTime"] = "9999-12-31T23:59:59Z",
                    ["key"] = KeyCanary,
                    ["customKeyIdentifier"] = "Q0FOQVJZLUNVU1RPTS1LRVktSUQ=",
                }),
                ["owners"] = new JsonArray(new JsonObject { ["@odata.type"] = "#microsoft.graph.user", ["id"] = BobId.ToString(), ["displayName"] = "Bob", ["userType"] = "Guest", ["accountEnabled"] = true }),
            }),
            ["servicePrincipals.json"] = Collection(
                new JsonObject { ["id"] = ClientSpId.ToString(), ["appId"] = AppId.ToString(), ["displayName"] = "Payroll Connector", ["servicePrincipalType"] = "Application", ["accountEnabled"] = true, ["appOwnerOrganizationId"] = TenantId.ToString() },
                new JsonObject { ["id"] = GraphSpId.ToString(), ["appId"] = "00000003-0000-0000-c000-000000000000", ["displayName"] = "Microsoft Graph", ["servicePrincipalType"] = "Application", ["accountEnabled"] = true, ["appOwnerOrganizationId"] = "f8cdef31-a31e-4b4a-93e4-5f571e91255a" }),
            [$"servicePrincipals/{GraphSpId}/appRoleAssignedTo.json"] = Collection(new JsonObject
            {
                ["id"] = "ara-1",
                ["appRoleId"] = "9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8",
                ["principalId"] = ClientSpId.ToString(),
                ["principalType"] = "ServicePrincipal",
                ["principalDisplayName"] = "Payroll Connector",
                ["resourceId"] = GraphSpId.ToString(),
                ["resourceDisplayName"] = "Microsoft Graph",
                ["createdDateTime"] = "2025-06-01T00:00:00Z",
            }),
            ["oauth2PermissionGrants.json"] = Collection(new JsonObject
            {
                ["id"] = "grant-1",
                ["clientId"] = ClientSpId.ToString(),
                ["consentType"] = "AllPrincipals",
                ["resourceId"] = GraphSpId.ToString(),
                ["scope"] = "Mail.ReadWrite offline_access",
            }),
            ["users.json"] = new JsonObject { ["value"] = users },
            ["reports/authenticationMethods/userRegistrationDetails.json"] = Collection(
                new JsonObject { ["id"] = AliceId.ToString(), ["isAdmin"] = true, ["isMfaRegistered"] = true, ["isMfaCapable"] = true, ["methodsRegistered"] = new JsonArray("microsoftAuthenticatorPush") },
                new JsonObject { ["id"] = BobId.ToString(), ["isAdmin"] = false, ["isMfaRegistered"] = false, ["isMfaCapable"] = false, ["methodsRegistered"] = new JsonArray() }),
            ["auditLogs/signIns.json"] = Collection(
                SignIn("s1", AliceId, "IMAP4", "2026-11-20T10:00:00Z"),
                SignIn("s2", AliceId, "IMAP4", "2026-11-20T11:00:00Z"),
                SignIn("s3", BobId, "Browser", "2026-11-21T10:00:00Z"),
                SignIn("s4", BobId, "POP3", "2026-09-01T10:00:00Z"),
                SignIn("s5", AliceId, "Browser", "2026-11-21T09:00:00Z", MultiFactor),
                SignIn("s6", AliceId, "Browser", "2026-11-21T12:30:00Z", SingleFactor),
                SignIn("s7", AliceId, "Mobile Apps and Desktop clients", "2026-11-22T07:00:00Z", MultiFactor, errorCode: 50074),
                SignIn("s8", AliceId, "Browser", "2026-10-01T07:00:00Z", SingleFactor)),
            ["roleManagement/directory/roleDefinitions.json"] = Collection(new JsonObject { ["id"] = "62e90394-69f5-4237-9190-012177145e10", ["displayName"] = "Global Administrator", ["isBuiltIn"] = true, ["templateId"] = "62e90394-69f5-4237-9190-012177145e10", ["isPrivileged"] = true }),
            ["roleManagement/directory/roleAssignments.json"] = Collection(new JsonObject
            {
                ["id"] = "ra-1",
                ["roleDefinitionId"] = "62e90394-69f5-4237-9190-012177145e10",
                ["principalId"] = AliceId.ToString(),
                ["directoryScopeId"] = "/",
                ["principal"] = new JsonObject { ["@odata.type"] = "#microsoft.graph.user", ["id"] = AliceId.ToString(), ["displayName"] = "Alice Admin" },
            }),
            ["identity/conditionalAccess/policies.json"] = Collection(new JsonObject
            {
                ["id"] = "ca-1",
                ["displayName"] = "Require MFA for admins",
                ["state"] = "enabledForReportingButNotEnforced",
                ["conditions"] = new JsonObject { ["users"] = new JsonObject { ["includeRoles"] = new JsonArray("62e90394-69f5-4237-9190-012177145e10") }, ["clientAppTypes"] = new JsonArray("all") },
                ["grantControls"] = new JsonObject { ["operator"] = "OR", ["builtInControls"] = new JsonArray("mfa") },
            }),
            ["policies/authorizationPolicy.json"] = new JsonObject
            {
                ["id"] = "authorizationPolicy",
                ["displayName"] = "Authorization Policy",
                ["allowInvitesFrom"] = "everyone",
                ["defaultUserRolePermissions"] = new JsonObject { ["allowedToCreateApps"] = true, ["permissionGrantPoliciesAssigned"] = new JsonArray("ManagePermissionGrantsForSelf.microsoft-user-default-legacy") },
            },
            ["policies/identitySecurityDefaultsEnforcementPolicy.json"] = new JsonObject { ["id"] = "00000000-0000-0000-0000-000000000005", ["displayName"] = "Security Defaults", ["isEnabled"] = false },
            ["policies/authenticationMethodsPolicy.json"] = new JsonObject
            {
                ["id"] = "authenticationMethodsPolicy",
                ["displayName"] = "Authentication Methods Policy",
                ["policyMigrationState"] = "migrationComplete",
                ["authenticationMethodConfigurations"] = new JsonArray(
                    new JsonObject { ["@odata.type"] = "#microsoft.graph.smsAuthenticationMethodConfiguration", ["id"] = "Sms", ["state"] = "enabled" },
                    new JsonObject { ["@odata.type"] = "#microsoft.graph.fido2AuthenticationMethodConfiguration", ["id"] = "Fido2", ["state"] = "enabled" }),
            },
            ["policies/adminConsentRequestPolicy.json"] = new JsonObject { ["isEnabled"] = true, ["notifyReviewers"] = true, ["requestDurationInDays"] = 30, ["reviewers"] = new JsonArray(new JsonObject { ["query"] = $"/users/{AliceId}", ["queryType"] = "MicrosoftGraph" }) },
            ["policies/defaultAppManagementPolicy.json"] = new JsonObject
            {
                ["id"] = "00000000-0000-0000-0000-000000000000",
                ["displayName"] = "Default app management tenant policy",
                ["isEnabled"] = true,
                ["applicationRestrictions"] = new JsonObject
                {
                    ["passwordCredentials"] = new JsonArray(new JsonObject { ["restrictionType"] = "passwordLifetime", ["maxLifetime"] = "P180D", ["restrictForAppsCreatedAfterDateTime"] = "2024-01-01T00:00:00Z" }),
                    ["keyCredentials"] = new JsonArray(),
                },
            },
        };
    }

    private static JsonObject Collection(params JsonObject[] items) => new() { ["value"] = new JsonArray(items) };

    private static JsonObject User(Guid id, string name, string type, string lastSignIn) => new()
    {
        ["id"] = id.ToString(),
        ["displayName"] = name,
        ["userPrincipalName"] = $"{id:N}@contoso.example",
        ["userType"] = type,
        ["accountEnabled"] = true,
        ["onPremisesSyncEnabled"] = false,
        ["createdDateTime"] = "2023-02-01T00:00:00Z",
        ["externalUserState"] = type == "Guest" ? "Accepted" : null,
        ["externalUserStateChangeDateTime"] = type == "Guest" ? "2023-02-01T00:00:00Z" : null,
        ["signInActivity"] = new JsonObject { ["lastSignInDateTime"] = lastSignIn, ["lastNonInteractiveSignInDateTime"] = lastSignIn, ["lastSuccessfulSignInDateTime"] = lastSignIn },
    };

    public const string MultiFactor = "multiFactorAuthentication";
    public const string SingleFactor = "singleFactorAuthentication";

    private static JsonObject SignIn(string id, Guid user, string clientApp, string at, string requirement = SingleFactor, int errorCode = 0) => new()
    {
        ["id"] = id,
        ["createdDateTime"] = at,
        ["userId"] = user.ToString(),
        ["appId"] = AppId.ToString(),
        ["clientAppUsed"] = clientApp,
        ["ipAddress"] = IpCanary,
        ["userAgent"] = UserAgentCanary,
        ["location"] = new JsonObject { ["city"] = CityCanary, ["countryOrRegion"] = "NL" },
        ["deviceDetail"] = new JsonObject { ["displayName"] = DeviceCanary, ["operatingSystem"] = "Windows10" },
        ["authenticationRequirement"] = requirement,
        ["status"] = new JsonObject { ["errorCode"] = errorCode },
    };
}

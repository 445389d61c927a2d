using System.Text.Json.Nodes;
using IdentityOps.Emulator.Synthetic;
using static IdentityOps.Emulator.Tests.Synthetic.RiskOracle;

namespace IdentityOps.Emulator.Tests.Synthetic;

[Collection(SmallTenantGroup.Name)]
public sealed class PlantedRiskTests(SmallTenantFixture fixture)
{
    private readonly SyntheticTenant tenant = fixture.Tenant;

    [Fact]
    public void Every_risk_id_is_planted_at_least_once_and_no_other_id_is_used()
    {
        var planted = tenant.PlantedRisks.Select(risk => risk.RiskId).ToHashSet();
        Assert.Equal(PlantedRiskIds.All.Order(StringComparer.Ordinal), planted.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Each_risk_and_object_pair_is_listed_once()
    {
        var pairs = tenant.PlantedRisks.Select(risk => Key(risk.RiskId, risk.ObjectId)).ToList();
        Assert.Equal(pairs.Count, pairs.Distinct().Count());
    }

    [Fact]
    public void The_files_carry_exactly_the_planted_risks_and_no_clean_object_carries_one()
        => AssertOracleMatches(tenant);

    [Fact]
    public void A_noisier_tenant_with_another_seed_carries_exactly_its_planted_risks_too()
        => AssertOracleMatches(SyntheticTenantGenerator.Generate(new SyntheticTenantSpec(7, 3000, 600, 1500, SyntheticTenantSpec.Small.AsOf)));

    [Fact]
    public void Every_planted_object_exists_in_the_file_of_its_type()
    {
        var ids = new Dictionary<string, HashSet<string>>
        {
            [PlantedObjectTypes.Application] = IdsOf("applications.json"),
            [PlantedObjectTypes.ServicePrincipal] = IdsOf("servicePrincipals.json"),
            [PlantedObjectTypes.User] = IdsOf("users.json"),
            [PlantedObjectTypes.OAuth2PermissionGrant] = IdsOf("oauth2PermissionGrants.json"),
            [PlantedObjectTypes.RoleDefinition] = IdsOf("roleManagement/directory/roleDefinitions.json"),
            [PlantedObjectTypes.AuthorizationPolicy] = [Text(tenant.Files["policies/authorizationPolicy.json"], "id")],
            [PlantedObjectTypes.Policy] =
            [
                Text(tenant.Files["policies/authenticationMethodsPolicy.json"], "id"), Text(tenant.Files["policies/defaultAppManagementPolicy.json"], "id"),
                Text(tenant.Files["policies/adminConsentRequestPolicy.json"], "id"),
                .. IdsOf("domains.json"), .. IdsOf("groupSettings.json"), // issue 19 C

                // issue 19 A1: a Conditional Access policy is an object of type policy too (the combined risk policy).
                .. IdsOf("identity/conditionalAccess/policies.json"),
            ],
            [PlantedObjectTypes.Tenant] = ["tenant"],
        };

        Assert.All(tenant.PlantedRisks, risk => Assert.Contains(risk.ObjectId, ids[risk.ObjectType]));
    }

    [Fact]
    public void Secret_risks_sit_in_password_credentials_with_the_planted_dates()
    {
        var asOf = tenant.Spec.AsOf;
        DateTimeOffset[] Ends(string riskId) => App(riskId)["passwordCredentials"]!.AsArray().Select(secret => Time(secret!, "endDateTime")).ToArray();

        Assert.All(Ends(PlantedRiskIds.AppSecretExpired), end => Assert.True(end < asOf));
        Assert.All(Ends(PlantedRiskIds.AppSecretExpiring7Days), end => Assert.InRange(end, asOf, asOf.AddDays(7)));
        Assert.All(Ends(PlantedRiskIds.AppSecretExpiring30Days), end => Assert.InRange(end, asOf.AddDays(7), asOf.AddDays(30)));
        Assert.Equal("9999-12-31T23:59:59Z", Text(App(PlantedRiskIds.AppSecretNoRealisticEnd)["passwordCredentials"]![0]!, "endDateTime"));
        Assert.Equal(3, App(PlantedRiskIds.AppMultipleActiveSecrets)["passwordCredentials"]!.AsArray().Count);
        Assert.Empty(App(PlantedRiskIds.AppSecretWhereCertificateWouldServe)["web"]!["redirectUris"]!.AsArray());
    }

    [Fact]
    public void Graph_permission_risks_are_app_role_assignments_on_the_Microsoft_Graph_service_principal()
    {
        var graph = Items(tenant.Files["servicePrincipals.json"]).Single(sp => Text(sp, "appId") == "00000003-0000-0000-c000-000000000000");
        var assignments = Items(tenant.Files[$"servicePrincipals/{Text(graph, "id")}/appRoleAssignedTo.json"]);
        var tier0 = Single(PlantedRiskIds.AppGraphTier0Permission);

        Assert.Contains(assignments, assignment => Text(assignment, "principalId") == tier0.ObjectId && Text(assignment, "appRoleId") == "9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8");
        Assert.All(
            tenant.PlantedRisks.Where(risk => risk.RiskId == PlantedRiskIds.AppGraphHighPermission),
            risk => Assert.Contains(assignments, assignment => Text(assignment, "principalId") == risk.ObjectId));
    }

    [Fact]
    public void Grant_risks_are_a_tenant_wide_mail_grant_and_a_users_offline_mail_consent()
    {
        var grants = Items(tenant.Files["oauth2PermissionGrants.json"]).ToDictionary(grant => Text(grant, "id"));
        var tenantWide = grants[Single(PlantedRiskIds.GrantTenantWideSensitiveScope).ObjectId];
        var userConsent = grants[Single(PlantedRiskIds.GrantUserConsentOfflineMail).ObjectId];

        Assert.Equal("AllPrincipals", Text(tenantWide, "consentType"));
        Assert.Contains("Mail.ReadWrite", Text(tenantWide, "scope").Split(' '));
        Assert.Equal("Principal", Text(userConsent, "consentType"));
        Assert.Superset(new HashSet<string> { "offline_access", "Mail.Read" }, Text(userConsent, "scope").Split(' ').ToHashSet());
    }

    [Fact]
    public void Seven_users_hold_Global_Administrator()
    {
        var assignments = Items(tenant.Files["roleManagement/directory/roleAssignments.json"]);
        var globalAdmins = assignments.Where(assignment => Text(assignment, "roleDefinitionId") == Single(PlantedRiskIds.RoleGlobalAdminCount).ObjectId).ToArray();

        Assert.Equal(7, globalAdmins.Length);
        Assert.All(globalAdmins, assignment => Assert.Equal("#microsoft.graph.user", Text(assignment["principal"]!, "@odata.type")));
    }

    [Fact]
    public void Legacy_sign_ins_belong_to_the_planted_users_only()
    {
        string[] legacy = ["IMAP4", "POP3", "SMTP", "Authenticated SMTP", "Exchange ActiveSync", "Other clients"];
        var legacyUsers = Items(tenant.Files["auditLogs/signIns.json"]).Where(signIn => legacy.Contains(Text(signIn, "clientAppUsed"))).Select(signIn => Text(signIn, "userId")).ToHashSet();
        var planted = tenant.PlantedRisks.Where(risk => risk.RiskId == PlantedRiskIds.SignInLegacyAuthentication).Select(risk => risk.ObjectId).ToHashSet();

        Assert.Equal(planted.Order(StringComparer.Ordinal), legacyUsers.Order(StringComparer.Ordinal));
        Assert.True(planted.Count >= 3);
    }

    [Fact]
    public void Security_defaults_are_off_and_the_all_users_MFA_policy_is_report_only()
    {
        Assert.False(Flag(tenant.Files["policies/identitySecurityDefaultsEnforcementPolicy.json"], "isEnabled"));
        var policies = Items(tenant.Files["identity/conditionalAccess/policies.json"]);
        var allUsers = policies.Single(policy => Text(policy, "displayName") == "Require MFA for all users");
        Assert.Equal("enabledForReportingButNotEnforced", Text(allUsers, "state"));
        Assert.Equal("disabled", Text(policies.Single(policy => Text(policy, "displayName") == "Block legacy authentication"), "state"));
    }

    [Fact]
    public void The_clean_samples_are_clean()
    {
        var samples = tenant.CleanSamples;
        var asOf = tenant.Spec.AsOf;
        var sampleIds = new[] { samples.UserId, samples.ApplicationId, samples.ServicePrincipalId }.Select(id => id.ToString()).ToHashSet();
        Assert.DoesNotContain(tenant.PlantedRisks, risk => sampleIds.Contains(risk.ObjectId));
        Assert.DoesNotContain(Detect(tenant), key => sampleIds.Any(id => key.EndsWith(id, StringComparison.Ordinal)));

        var app = Items(tenant.Files["applications.json"]).Single(candidate => Text(candidate, "id") == samples.ApplicationId.ToString());
        Assert.Equal("AzureADMyOrg", Text(app, "signInAudience"));
        Assert.All(app["owners"]!.AsArray(), owner => Assert.True(Flag(owner!, "accountEnabled") && Text(owner!, "userType") == "Member"));
        Assert.NotEmpty(app["owners"]!.AsArray());
        Assert.All(app["web"]!["redirectUris"]!.AsArray(), uri => Assert.Matches(@"^https://[a-z0-9-]+\.[a-z0-9]+\.example/", uri!.GetValue<string>()));
        Assert.False(Flag(app["web"]!["implicitGrantSettings"]!, "enableAccessTokenIssuance"));
        Assert.All(app["keyCredentials"]!.AsArray().Concat(app["passwordCredentials"]!.AsArray()), credential => Assert.True(Time(credential!, "endDateTime") > asOf.AddDays(90)));
        Assert.Contains(Items(tenant.Files["auditLogs/signIns.json"]), signIn => Text(signIn, "appId") == Text(app, "appId"));

        var user = Items(tenant.Files["users.json"]).Single(candidate => Text(candidate, "id") == samples.UserId.ToString());
        Assert.True(Flag(user, "accountEnabled"));
        Assert.True(Parse(Text(user["signInActivity"]!, "lastSignInDateTime")) > asOf.AddDays(-30));
        var registration = Items(tenant.Files["reports/authenticationMethods/userRegistrationDetails.json"]).Single(candidate => Text(candidate, "id") == samples.UserId.ToString());
        Assert.True(Flag(registration, "isMfaRegistered"));
    }

    [Fact]
    public void Medium_keeps_the_planted_set_of_Small_and_its_sizes()
    {
        var medium = SyntheticTenantGenerator.Generate(SyntheticTenantSpec.Medium);

        static string[] Shape(SyntheticTenant t) => t.PlantedRisks.Select(risk => $"{risk.RiskId} {risk.ObjectType}").ToArray();
        Assert.Equal(Shape(tenant), Shape(medium));
        Assert.Equal(medium.Spec.Users, Items(medium.Files["users.json"]).Count);
        Assert.Equal(medium.Spec.Applications, Items(medium.Files["applications.json"]).Count);
        Assert.Equal(medium.Spec.ServicePrincipals, Items(medium.Files["servicePrincipals.json"]).Count);
    }

    private static void AssertOracleMatches(SyntheticTenant tenant)
    {
        var planted = new SortedSet<string>(tenant.PlantedRisks.Select(risk => Key(risk.RiskId, risk.ObjectId)), StringComparer.Ordinal);
        var detected = Detect(tenant);
        var missing = planted.Except(detected).ToArray();
        var unexpected = detected.Except(planted).ToArray();
        Assert.True(
            missing.Length == 0 && unexpected.Length == 0,
            $"Planted but not found: [{string.Join(", ", missing)}]; found but not planted: [{string.Join(", ", unexpected)}]");
    }

    private PlantedRisk Single(string riskId) => tenant.PlantedRisks.Single(risk => risk.RiskId == riskId);

    private JsonNode App(string riskId)
    {
        var id = Single(riskId).ObjectId;
        return Items(tenant.Files["applications.json"]).Single(app => Text(app, "id") == id);
    }

    private HashSet<string> IdsOf(string file) => Items(tenant.Files[file]).Select(item => Text(item, "id")).ToHashSet();
}

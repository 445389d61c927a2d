using System.Text;
using System.Text.Json.Nodes;
using IdentityOps.Emulator.Synthetic;
using static IdentityOps.Emulator.Tests.Synthetic.RiskOracle;

namespace IdentityOps.Emulator.Tests.Synthetic;

[Collection(SmallTenantGroup.Name)]
public sealed class SyntheticTenantGeneratorTests(SmallTenantFixture fixture)
{
    private static readonly string[] ExpectedFiles =
    [
        "applications.json", "auditLogs/signIns.json", "identity/conditionalAccess/policies.json", "oauth2PermissionGrants.json",
        "organization.json", "policies/adminConsentRequestPolicy.json", "policies/authenticationMethodsPolicy.json", "policies/authorizationPolicy.json",
        "policies/defaultAppManagementPolicy.json", "policies/identitySecurityDefaultsEnforcementPolicy.json",
        "reports/authenticationMethods/userRegistrationDetails.json", "roleManagement/directory/roleAssignments.json",
        "roleManagement/directory/roleDefinitions.json", "servicePrincipals.json", "subscribedSkus.json", "users.json",
    ];

    private readonly SyntheticTenant tenant = fixture.Tenant;

    [Fact]
    public void The_same_spec_gives_byte_identical_files_and_the_same_risks()
    {
        var first = SyntheticTenantGenerator.Generate(SyntheticTenantSpec.Small);
        var second = SyntheticTenantGenerator.Generate(SyntheticTenantSpec.Small);

        Assert.Equal(first.Files.Keys, second.Files.Keys);
        Assert.All(first.Files.Keys, key => Assert.Equal(SyntheticTenant.Serialize(first.Files[key]), SyntheticTenant.Serialize(second.Files[key])));
        Assert.Equal(first.PlantedRisks, second.PlantedRisks);
    }

    [Fact]
    public void A_different_seed_gives_a_different_tenant()
    {
        var other = SyntheticTenantGenerator.Generate(SyntheticTenantSpec.Small with { Seed = 43 });

        Assert.NotEqual(tenant.TenantId, other.TenantId);
        Assert.NotEqual(SyntheticTenant.Serialize(tenant.Files["users.json"]), SyntheticTenant.Serialize(other.Files["users.json"]));
        Assert.NotEqual(tenant.PlantedRisks.Select(risk => risk.ObjectId), other.PlantedRisks.Select(risk => risk.ObjectId));
    }

    [Fact]
    public void Growing_one_collection_does_not_reshuffle_the_users()
    {
        var moreApps = SyntheticTenantGenerator.Generate(SyntheticTenantSpec.Small with { Applications = 90, ServicePrincipals = 210 });

        Assert.Equal(SyntheticTenant.Serialize(tenant.Files["users.json"]), SyntheticTenant.Serialize(moreApps.Files["users.json"]));
    }

    [Fact]
    public void The_collections_have_the_sizes_of_the_spec()
    {
        Assert.Equal(tenant.Spec.Users, Items(tenant.Files["users.json"]).Count);
        Assert.Equal(tenant.Spec.Users, Items(tenant.Files["reports/authenticationMethods/userRegistrationDetails.json"]).Count);
        Assert.Equal(tenant.Spec.Applications, Items(tenant.Files["applications.json"]).Count);
        Assert.Equal(tenant.Spec.ServicePrincipals, Items(tenant.Files["servicePrincipals.json"]).Count);
    }

    [Fact]
    public void The_presets_have_the_documented_sizes()
    {
        Assert.Equal((42, 300, 80, 200), (SyntheticTenantSpec.Small.Seed, SyntheticTenantSpec.Small.Users, SyntheticTenantSpec.Small.Applications, SyntheticTenantSpec.Small.ServicePrincipals));
        Assert.Equal((20_000, 5_000, 12_000), (SyntheticTenantSpec.Medium.Users, SyntheticTenantSpec.Medium.Applications, SyntheticTenantSpec.Medium.ServicePrincipals));
        Assert.Equal((100_000, 20_000, 110_000), (SyntheticTenantSpec.Large.Users, SyntheticTenantSpec.Large.Applications, SyntheticTenantSpec.Large.ServicePrincipals));
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero), SyntheticTenantSpec.Small.AsOf);
    }

    [Fact]
    public void A_spec_too_small_for_the_planted_risks_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticTenantGenerator.Generate(SyntheticTenantSpec.Small with { Users = 10 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticTenantGenerator.Generate(SyntheticTenantSpec.Small with { Applications = 5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticTenantGenerator.Generate(SyntheticTenantSpec.Small with { ServicePrincipals = 80 }));
    }

    [Fact]
    public void Every_file_parses_as_a_collection_or_a_singleton()
    {
        Assert.Superset(ExpectedFiles.ToHashSet(), tenant.Files.Keys.ToHashSet());
        foreach (var (key, node) in tenant.Files)
        {
            var reparsed = JsonNode.Parse(SyntheticTenant.Serialize(node));
            Assert.NotNull(reparsed);
            Assert.DoesNotContain("\\", key, StringComparison.Ordinal);
            Assert.False(key.StartsWith('/'), key);
            Assert.EndsWith(".json", key, StringComparison.Ordinal);
            // policies/ holds singletons, but for two lists: the authentication strengths (issue 19 A3) and the PIM role settings' assignments (issue 19 C).
            if (key.StartsWith("policies/", StringComparison.Ordinal) && key is not ("policies/authenticationStrengthPolicies.json" or "policies/roleManagementPolicyAssignments.json"))
            {
                Assert.NotNull(reparsed["id"]);
            }
            else
            {
                Assert.IsType<JsonArray>(reparsed["value"]);
            }
        }
    }

    [Fact]
    public void Sign_ins_cover_the_thirty_days_before_as_of_newest_first()
    {
        var asOf = tenant.Spec.AsOf;
        var times = Items(tenant.Files["auditLogs/signIns.json"]).Select(signIn => Time(signIn, "createdDateTime")).ToArray();

        Assert.Equal(5 * tenant.Spec.Users, times.Length);
        Assert.All(times, time => Assert.InRange(time, asOf.AddDays(-30), asOf));
        Assert.Equal(times.OrderDescending(), times);
    }

    [Fact]
    public void The_canary_values_are_present_in_the_files()
    {
        var text = string.Concat(tenant.Files.Values.Select(node => Encoding.UTF8.GetString(SyntheticTenant.Serialize(node))));
        Assert.All(SyntheticCanaries.VerbatimMarkers, marker => Assert.Contains(marker, text, StringComparison.Ordinal));

        var certificates = Items(tenant.Files["applications.json"]).SelectMany(app => app["keyCredentials"]!.AsArray()).ToArray();
        Assert.NotEmpty(certificates);
        Assert.All(certificates, certificate =>
        {
            Assert.StartsWith(SyntheticCanaries.KeyMaterialPrefix, Encoding.ASCII.GetString(Convert.FromBase64String(Text(certificate!, "key"))), StringComparison.Ordinal);
            Assert.StartsWith(SyntheticCanaries.CustomKeyIdentifierPrefix, Encoding.ASCII.GetString(Convert.FromBase64String(Text(certificate!, "customKeyIdentifier"))), StringComparison.Ordinal);
        });
        Assert.All(Items(tenant.Files["auditLogs/signIns.json"]), signIn =>
        {
            Assert.StartsWith(SyntheticCanaries.IpAddressPrefix, Text(signIn, "ipAddress"), StringComparison.Ordinal);
            Assert.Contains(SyntheticCanaries.UserAgentMarker, Text(signIn, "userAgent"), StringComparison.Ordinal);
            Assert.StartsWith(SyntheticCanaries.CityPrefix, Text(signIn["location"]!, "city"), StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Hostile_but_valid_values_are_present()
    {
        var appNames = Items(tenant.Files["applications.json"]).Select(app => Text(app, "displayName")).ToArray();
        var users = Items(tenant.Files["users.json"]);

        Assert.Contains("{{ 7*7 }}", appNames);
        Assert.Contains("<script>alert(1)</script>", appNames);
        Assert.Contains(appNames, name => name.Length == 20_000);
        Assert.Contains(users, user => Text(user, "displayName") == "=HYPERLINK(\"http://x\")");
        Assert.Contains(users, user => Text(user, "displayName").Contains('\u202E', StringComparison.Ordinal) && Text(user, "displayName").Contains('\u0000', StringComparison.Ordinal));
        Assert.Contains(users, user => Text(user, "createdDateTime") == "0001-01-01T00:00:00Z");
        Assert.Contains(users, user => user["signInActivity"] is null);
    }

    [Fact]
    public void The_Microsoft_Graph_service_principal_carries_the_real_permission_ids()
    {
        var graph = Items(tenant.Files["servicePrincipals.json"]).Single(sp => Text(sp, "appId") == "00000003-0000-0000-c000-000000000000");
        var roles = graph["appRoles"]!.AsArray().ToDictionary(role => Text(role!, "value"), role => Text(role!, "id"));
        var scopes = graph["oauth2PermissionScopes"]!.AsArray().ToDictionary(scope => Text(scope!, "value"), scope => Text(scope!, "id"));

        Assert.Equal("f8cdef31-a31e-4b4a-93e4-5f571e91255a", Text(graph, "appOwnerOrganizationId"));
        Assert.Equal("9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8", roles["RoleManagement.ReadWrite.Directory"]);
        Assert.Equal("1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9", roles["Application.ReadWrite.All"]);
        Assert.Equal("e1fe6dd8-ba31-4d61-89e7-88639da4683d", scopes["User.Read"]);
    }

    [Fact]
    public void The_organization_is_licensed_for_Entra_ID_P2_and_has_the_seeds_tenant_id()
    {
        var organization = Items(tenant.Files["organization.json"]).Single();

        Assert.Equal(tenant.TenantId.ToString(), Text(organization, "id"));
        Assert.Contains(organization["assignedPlans"]!.AsArray(), plan => Text(plan!, "servicePlanId") == "eec0eb4f-6444-4f95-aba0-50c24d67f998" && Text(plan!, "capabilityStatus") == "Enabled");
        Assert.Contains(organization["verifiedDomains"]!.AsArray(), domain => Flag(domain!, "isDefault"));
    }

    [Fact]
    public void Role_definitions_use_the_built_in_template_ids()
    {
        var definitions = Items(tenant.Files["roleManagement/directory/roleDefinitions.json"]).ToDictionary(definition => Text(definition, "displayName"));

        Assert.Equal("62e90394-69f5-4237-9190-012177145e10", Text(definitions["Global Administrator"], "templateId"));
        Assert.Equal("e8611ab8-c189-46e8-94e1-60213ab1f814", Text(definitions["Privileged Role Administrator"], "id"));
        Assert.True(Flag(definitions["Global Administrator"], "isPrivileged"));
        Assert.False(Flag(definitions["Directory Readers"], "isPrivileged"));
        Assert.Contains(definitions.Values, definition => !Flag(definition, "isBuiltIn"));
    }
}

using System.Text.Json.Nodes;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Reports;
using IdentityOps.Core.Scanning.RunScan;
using IdentityOps.Emulator;
using IdentityOps.Testing;
using IdentityOps.Testing.Graph;

namespace IdentityOps.Core.Tests.Graph;

/// <summary>
/// Licences and directory roles, refused as Graph refuses them (the emulator's <see cref="TenantAccess"/>): the scan
/// goes on, the refused collections are unavailable with Graph's code, and every rule that reads them is "not
/// evaluated" with that reason, never a pass on empty data.
/// </summary>
public sealed class TenantAccessTests(TenantDatabase database) : IClassFixture<TenantDatabase>
{
    private const string NonPremium = "Authentication_RequestFromNonPremiumTenantOrB2CTenant";

    [Fact]
    public async Task Without_P1_the_sign_in_reports_are_refused_with_graphs_licence_error_and_their_rules_are_not_evaluated()
    {
        var harness = Harness(WithoutPremiumPlans(SampleSnapshot.Files()), new TenantAccess(EntraLicence.Free, DirectoryRoleNames.GlobalReader));

        var (result, report) = await ScanAndReportAsync(harness);

        foreach (var refused in new[] { "legacySignIns", "userRegistrationDetails", "servicePrincipalSignInActivities", "privilegedSignIns" })
        {
            var collection = Assert.Single(result.Collections, c => c.Name == refused);
            Assert.False(collection.IsAvailable, refused);
            Assert.Contains(NonPremium, collection.UnavailableReason, StringComparison.Ordinal);
        }

        var users = Assert.Single(result.Collections, c => c.Name == "users");
        Assert.True(users.IsAvailable, users.UnavailableReason);
        Assert.Contains(users.Warnings, w => w.StartsWith("last sign-in times are unavailable", StringComparison.Ordinal));
        Assert.Contains("AadPremiumLicenseRequired", Assert.Single(result.Collections, c => c.Name == "roleSchedules").UnavailableReason, StringComparison.Ordinal);

        Assert.Contains(report.NotEvaluated, r => r.RuleId == "signin-legacy-authentication" && r.Reason.Contains(NonPremium, StringComparison.Ordinal));
        Assert.DoesNotContain(report.Findings, f => f.Rule.Id == "signin-legacy-authentication");
    }

    [Fact]
    public async Task Without_P2_privileged_identity_management_is_refused_400_AadPremiumLicenseRequired_and_the_permanent_assignment_rule_is_not_evaluated()
    {
        var harness = Harness(SampleSnapshot.Files(), new TenantAccess(EntraLicence.P1, DirectoryRoleNames.GlobalReader));

        var (result, report) = await ScanAndReportAsync(harness);

        var schedules = Assert.Single(result.Collections, c => c.Name == "roleSchedules");
        Assert.Equal("the tenant has no Microsoft Entra ID P2 (or ID Governance) licence, which Graph requires for this data (AadPremiumLicenseRequired)", schedules.UnavailableReason);
        Assert.Contains(harness.Emulator.Log.Requests, r => r.PathAndQuery.Contains("roleEligibilitySchedules", StringComparison.Ordinal) && r.Status == 400);
        // PIM's role settings (issue 19 C) are P2 data too, refused the same way.
        Assert.Equal(schedules.UnavailableReason, Assert.Single(result.Collections, c => c.Name == "roleManagementPolicies").UnavailableReason);
        Assert.All(result.Collections.Where(c => c.Name is not ("roleSchedules" or "roleManagementPolicies")), c => Assert.True(c.IsAvailable, $"{c.Name}: {c.UnavailableReason}"));
        Assert.Contains(report.NotEvaluated, r => r.RuleId == "role-privileged-permanent" && r.Reason.Contains("AadPremiumLicenseRequired", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_admin_without_a_directory_role_is_refused_403_Authorization_RequestDenied_where_graph_needs_one_and_reads_the_directory()
    {
        var harness = Harness(SampleSnapshot.Files(), new TenantAccess(EntraLicence.P2));

        var (result, report) = await ScanAndReportAsync(harness);

        string[] roleGated = ["legacySignIns", "privilegedSignIns", "userRegistrationDetails", "servicePrincipalSignInActivities", "roleSchedules", "conditionalAccessPolicies", "authenticationMethodsPolicy", "adminConsentRequestPolicy", "authenticationStrengthPolicies", "roleManagementPolicies"];
        foreach (var name in roleGated)
        {
            var collection = Assert.Single(result.Collections, c => c.Name == name);
            Assert.Contains("403 Authorization_RequestDenied", collection.UnavailableReason, StringComparison.Ordinal);
        }

        Assert.All(result.Collections.Where(c => !roleGated.Contains(c.Name)), c => Assert.True(c.IsAvailable, $"{c.Name}: {c.UnavailableReason}"));
        Assert.Contains(report.NotEvaluated, r => r.RuleId == "policy-security-defaults-off-no-ca-mfa" && r.Reason.Contains("Authorization_RequestDenied", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_empty_conditional_access_list_from_a_tenant_without_P1_cannot_tell_and_its_rules_are_not_evaluated()
    {
        var harness = Harness(WithoutPremiumPlans(SampleSnapshot.Files()), new TenantAccess(EntraLicence.Free, DirectoryRoleNames.GlobalReader));

        var (result, report) = await ScanAndReportAsync(harness);

        var policies = Assert.Single(result.Collections, c => c.Name == "conditionalAccessPolicies");
        Assert.False(policies.IsAvailable, "an empty list from an unlicensed tenant was taken for 'no policies'");
        Assert.Contains("no Microsoft Entra ID P1 or P2 plan", policies.UnavailableReason, StringComparison.Ordinal);
        Assert.Contains(report.NotEvaluated, r => r.RuleId == "policy-security-defaults-off-no-ca-mfa" && r.Reason.StartsWith("not evaluated: conditionalAccessPolicies unavailable (", StringComparison.Ordinal));
        Assert.DoesNotContain(report.Findings, f => f.Rule.Id == "policy-security-defaults-off-no-ca-mfa");
    }

    [Fact]
    public async Task An_empty_conditional_access_list_from_a_tenant_with_P1_means_no_policies_and_its_rules_report_it()
    {
        var files = SampleSnapshot.Files();
        files["identity/conditionalAccess/policies.json"] = new JsonObject { ["value"] = new JsonArray() };
        var harness = Harness(files, new TenantAccess(EntraLicence.P1, DirectoryRoleNames.GlobalReader));

        var (result, report) = await ScanAndReportAsync(harness);

        var policies = Assert.Single(result.Collections, c => c.Name == "conditionalAccessPolicies");
        Assert.True(policies.IsAvailable, policies.UnavailableReason);
        Assert.Equal(0, policies.Objects);
        Assert.Contains(report.Findings, f => f.Rule.Id == "policy-security-defaults-off-no-ca-mfa");
    }

    private ScanHarness Harness(Dictionary<string, JsonNode> files, TenantAccess access)
        => new(database, EmulatedTenant.FromSnapshotFiles(files), new GraphEmulatorOptions { ThrottleSpeedFactor = 1000, Access = access }) { TenantId = Guid.NewGuid() };

    private static async Task<(RunScanResult Result, ScanReport Report)> ScanAndReportAsync(ScanHarness harness)
    {
        var result = await harness.ScanAsync();
        Assert.True(result.Status == ScanStatus.Succeeded, result.Error);
        await harness.EvaluateAsync(result.ScanId);
        return (result, await harness.ReportAsync(result.ScanId));
    }

    /// <summary>The organization of a tenant without Entra ID P1 or P2: no premium service plan is assigned.</summary>
    private static Dictionary<string, JsonNode> WithoutPremiumPlans(Dictionary<string, JsonNode> files)
    {
        var organization = (JsonObject)files["organization.json"]["value"]![0]!;
        organization["assignedPlans"] = new JsonArray();
        return files;
    }
}

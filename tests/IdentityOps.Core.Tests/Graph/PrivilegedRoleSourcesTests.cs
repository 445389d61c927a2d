using System.Text.Json.Nodes;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using IdentityOps.Emulator;
using IdentityOps.Emulator.Synthetic;
using IdentityOps.Testing;
using IdentityOps.Testing.Graph;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Core.Tests.Graph;

/// <summary>
/// Privileged roles decided from what real Graph returns: beta's <c>isPrivileged</c> when it comes, else Microsoft's
/// published built-in list, else a role's own permissions; and "not evaluated", naming the role, when none answers.
/// </summary>
public sealed class PrivilegedRoleSourcesTests(TenantDatabase database) : IClassFixture<TenantDatabase>
{
    private static readonly SyntheticTenant Synthetic = SyntheticTenantGenerator.Generate(SyntheticTenantSpec.Small);

    /// <summary>Every planted finding that exists only because its holder's role is privileged.</summary>
    private static readonly string[] PrivilegeDependentRisks =
    [
        PlantedRiskIds.RoleGuestPrivileged, PlantedRiskIds.RoleSyncedAccountPrivileged, PlantedRiskIds.RoleServicePrincipalPrivileged,
        PlantedRiskIds.RolePrivilegedUserStale, PlantedRiskIds.RolePrivilegedUserNoMfa, PlantedRiskIds.RolePrivilegedPermanent,
        PlantedRiskIds.SignInPrivilegedWithoutMfa, PlantedRiskIds.PolicyAdminMfaNotEnforced,
    ];

    public static TheoryData<bool, bool, RolePrivilegeSource> Shapes => new()
    {
        // Beta as Microsoft documents it: Graph's flag decides.
        { false, false, RolePrivilegeSource.GraphFlag },

        // Beta answers without the flag: the published list decides built-in roles, the actions the custom ones.
        { true, false, RolePrivilegeSource.PublishedList },

        // Beta refused: the v1.0 read (which has no isPrivileged) feeds the same lists.
        { true, true, RolePrivilegeSource.PublishedList },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Every_planted_privileged_role_finding_fires_whatever_shape_the_role_definitions_come_in(bool withoutFlag, bool betaRefused, RolePrivilegeSource builtInSource)
    {
        var harness = Harness(new GraphEmulatorOptions { ThrottleSpeedFactor = 1000, RoleDefinitionsWithoutIsPrivileged = withoutFlag, RefuseBetaRoleDefinitions = betaRefused });

        var result = await harness.ScanAsync(Synthetic.Spec.AsOf);
        await harness.EvaluateAsync(result.ScanId, Synthetic.Spec.AsOf);
        var report = await harness.ReportAsync(result.ScanId);

        Assert.True(result.Status == ScanStatus.Succeeded, result.Error);
        // A risk folded into another rule's finding on the same object is found as that finding's also-<rule id> signal
        // (issue 19 E1 folds the privileged service principal into the foreign one's directory-role finding).
        var found = report.Findings.Select(f => (f.Finding.RuleId, f.Finding.ObjectId))
            .Concat(report.Findings.SelectMany(f => IdentityOps.Core.Tests.Rules.SyntheticTenantFindingsTests.FoldedRuleIds(f.Finding).Select(ruleId => (ruleId, f.Finding.ObjectId))))
            .ToHashSet();
        var planted = Synthetic.PlantedRisks.Where(p => PrivilegeDependentRisks.Contains(p.RiskId)).ToList();
        Assert.Equal(PrivilegeDependentRisks.Order(StringComparer.Ordinal), planted.Select(p => p.RiskId).Distinct().Order(StringComparer.Ordinal));
        var missing = planted.Where(p => !found.Contains((p.RiskId, p.ObjectId))).Select(p => $"{p.RiskId} on {p.ObjectType} {p.ObjectId}").ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {planted.Count} planted privileged-role findings missing:\n" + string.Join("\n", missing));
        Assert.Empty(report.NotEvaluated);

        var roles = Assert.Single(result.Collections, c => c.Name == "directoryRoles");
        Assert.Empty(roles.UnavailableParts);
        Assert.Equal(betaRefused, roles.Warnings.Any(w => w.Contains("beta refused", StringComparison.Ordinal)));
        var definitionReads = harness.Emulator.Log.Requests.Where(r => r.PathAndQuery.Contains("roleDefinitions", StringComparison.Ordinal)).ToList();
        Assert.StartsWith("/beta/", definitionReads[0].PathAndQuery, StringComparison.Ordinal);
        if (betaRefused)
        {
            Assert.Equal(403, definitionReads[0].Status);
            Assert.Contains(definitionReads, r => r.PathAndQuery.StartsWith("/v1.0/", StringComparison.Ordinal) && r.Status == 200
                && !Uri.UnescapeDataString(r.PathAndQuery).Contains("isPrivileged", StringComparison.Ordinal));
        }

        await InTenantAsync(harness, async db =>
        {
            var definitions = await db.RoleDefinitions.Where(r => r.ScanId == result.ScanId).ToListAsync();
            Assert.All(definitions.Where(d => d.IsBuiltIn), d => Assert.Equal(builtInSource, d.PrivilegeSource));
            var custom = Assert.Single(definitions, d => d.DisplayName == SyntheticRoles.CustomPrivilegedRoleName);
            Assert.True(custom.IsPrivileged);
            Assert.Equal(withoutFlag ? RolePrivilegeSource.PrivilegedPermissions : RolePrivilegeSource.GraphFlag, custom.PrivilegeSource);
            var reader = Assert.Single(definitions, d => d.DisplayName == SyntheticRoles.CustomRoleName);
            Assert.False(reader.IsPrivileged);
        });
    }

    [Fact]
    public async Task A_held_custom_role_whose_permissions_Graph_did_not_return_makes_the_privileged_role_rules_not_evaluated_naming_it()
    {
        var files = new Dictionary<string, JsonNode>(Synthetic.Files);
        var definitions = files["roleManagement/directory/roleDefinitions.json"].DeepClone();
        var custom = definitions["value"]!.AsArray().Single(d => d!["displayName"]!.GetValue<string>() == SyntheticRoles.CustomPrivilegedRoleName)!.AsObject();
        custom.Remove("rolePermissions");
        files["roleManagement/directory/roleDefinitions.json"] = definitions;
        var harness = new ScanHarness(database, EmulatedTenant.FromSnapshotFiles(files), new GraphEmulatorOptions { ThrottleSpeedFactor = 1000, RoleDefinitionsWithoutIsPrivileged = true })
        {
            TenantId = Guid.NewGuid(),
        };

        var result = await harness.ScanAsync(Synthetic.Spec.AsOf);
        await harness.EvaluateAsync(result.ScanId, Synthetic.Spec.AsOf);
        var report = await harness.ReportAsync(result.ScanId);

        Assert.True(result.Status == ScanStatus.Succeeded, result.Error);
        var roles = Assert.Single(result.Collections, c => c.Name == "directoryRoles");
        Assert.True(roles.IsAvailable);
        Assert.StartsWith($"no source says whether {SyntheticRoles.CustomPrivilegedRoleName} is privileged", roles.UnavailableParts["isPrivileged"], StringComparison.Ordinal);
        var notEvaluated = report.NotEvaluated.Select(n => n.RuleId).ToHashSet();
        foreach (var rule in new[] { "role-guest-privileged", "role-synced-account-privileged", "role-service-principal-privileged", "role-privileged-user-stale", "role-privileged-user-no-mfa", "role-privileged-permanent", "policy-admin-mfa-not-enforced" })
        {
            Assert.Contains(rule, notEvaluated);
            Assert.StartsWith($"not evaluated: directoryRoles.isPrivileged unavailable (no source says whether {SyntheticRoles.CustomPrivilegedRoleName} is privileged", report.NotEvaluated.Single(n => n.RuleId == rule).Reason, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(report.Findings, f => f.Finding.RuleId is "role-guest-privileged" or "role-privileged-user-no-mfa");

        // Global Administrator is named by its template id, not by privilege: that count still stands.
        Assert.DoesNotContain("role-global-admin-count", notEvaluated);
        Assert.Contains(report.Findings, f => f.Finding.RuleId == "role-global-admin-count");
        await InTenantAsync(harness, async db =>
            Assert.Equal(RolePrivilegeSource.Unknown, (await db.RoleDefinitions.SingleAsync(r => r.ScanId == result.ScanId && r.DisplayName == SyntheticRoles.CustomPrivilegedRoleName)).PrivilegeSource));
    }

    private ScanHarness Harness(GraphEmulatorOptions options)
        => new(database, EmulatedTenant.FromSnapshotFiles(Synthetic.Files), options) { TenantId = Guid.NewGuid() };

    private async Task InTenantAsync(ScanHarness harness, Func<IdentityOpsDbContext, Task> check)
    {
        await using var db = database.CreateApplicationContext(harness.TenantId);
        await db.InTenantTransactionAsync(async _ => await check(db), CancellationToken.None);
    }
}

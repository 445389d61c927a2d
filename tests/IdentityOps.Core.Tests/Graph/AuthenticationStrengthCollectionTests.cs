using System.Text.Json.Nodes;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Rules.TenantPolicies;
using IdentityOps.Emulator;
using IdentityOps.Testing;
using IdentityOps.Testing.Graph;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Core.Tests.Graph;

/// <summary>
/// Issue 19 A3, end to end through the SDK, the emulator (schema-checked) and PostgreSQL: the session controls, the device
/// filter's rule and the strength's id of a Conditional Access policy, and the tenant's authentication strengths with their
/// combinations in Graph's own spelling; and the strength rules "not evaluated" when Graph refuses the strengths.
/// </summary>
public sealed class AuthenticationStrengthCollectionTests(TenantDatabase database) : IClassFixture<TenantDatabase>
{
    private const string CustomId = "5f0c8e2a-3d41-4b7e-9a16-c2b8d4e7f903";

    [Fact]
    public async Task Session_controls_the_device_filter_rule_the_strength_id_and_the_strength_policies_are_kept()
    {
        var harness = new ScanHarness(database, EmulatedTenant.FromSnapshotFiles(Files()));

        var result = await harness.ScanAsync();

        Assert.True(result.Status == ScanStatus.Succeeded, result.Error);
        Assert.True(Assert.Single(result.Collections, c => c.Name == "authenticationStrengthPolicies").IsAvailable);
        await using var db = database.CreateApplicationContext(SampleSnapshot.TenantId);
        var stored = await db.InTenantTransactionAsync(ct => db.TenantPolicies.Where(p => p.ScanId == result.ScanId).ToListAsync(ct), CancellationToken.None);
        var inventory = new TenantInventory { Policies = stored };

        var policy = Assert.Single(ConditionalAccessPolicy.All(inventory));
        Assert.Equal(CustomId, policy.AuthenticationStrengthId);
        Assert.Equal("device.trustType -eq \"ServerAD\" -or device.isCompliant -eq True", policy.DeviceFilterRule);
        Assert.True(policy.Session.NeverPersistentBrowser);
        Assert.True(policy.Session.TimeBasedSignInFrequency);
        Assert.Equal("every 4 hours", policy.Session.SignInFrequency!.Describe());
        Assert.True(policy.Session.ApplicationEnforcedRestrictions);
        Assert.Null(policy.Session.CloudAppSecurityType);
        Assert.True(UnmanagedDeviceFilter.ExcludesCompliantAndHybridJoined(policy));
        Assert.Equal(["fido2", "password,microsoftAuthenticatorPush"], policy.AuthenticationStrengthCombinations);

        var strengths = stored.Where(p => p.Kind == "authenticationStrengthPolicy").OrderBy(p => p.PolicyId, StringComparer.Ordinal).ToList();
        Assert.Equal(["00000000-0000-0000-0000-000000000004", CustomId], strengths.Select(s => s.PolicyId));
        Assert.Equal(["fido2", "password,microsoftAuthenticatorPush"], PolicySettings.Strings(strengths[1], "allowedCombinations"));
        Assert.Equal("Custom", PolicySettings.String(strengths[1], "policyType"));
    }

    [Fact]
    public async Task Refused_strengths_leave_conditional_access_available_and_the_strength_rules_not_evaluated()
    {
        // Global Secure Access Administrator may read Conditional Access policies, not authentication strengths.
        var harness = new ScanHarness(database, EmulatedTenant.FromSnapshotFiles(Files()), new GraphEmulatorOptions { ThrottleSpeedFactor = 1000, Access = new TenantAccess(EntraLicence.P2, DirectoryRoleNames.GlobalSecureAccessAdministrator) })
        {
            TenantId = Guid.NewGuid(),
        };

        var result = await harness.ScanAsync();
        Assert.True(result.Status == ScanStatus.Succeeded, result.Error);
        await harness.EvaluateAsync(result.ScanId);
        var report = await harness.ReportAsync(result.ScanId);

        Assert.Contains("403 Authorization_RequestDenied", Assert.Single(result.Collections, c => c.Name == "authenticationStrengthPolicies").UnavailableReason, StringComparison.Ordinal);
        Assert.True(Assert.Single(result.Collections, c => c.Name == "conditionalAccessPolicies").IsAvailable);
        foreach (var rule in new[] { "policy-phishing-resistant-mfa-not-enforced", "policy-admin-phishing-resistant-mfa-not-enforced" })
        {
            Assert.Contains(report.NotEvaluated, r => r.RuleId == rule && r.Reason.StartsWith("not evaluated: authenticationStrengthPolicies unavailable (", StringComparison.Ordinal));
            Assert.DoesNotContain(report.Findings, f => f.Rule.Id == rule);
        }

        Assert.DoesNotContain(report.NotEvaluated, r => r.RuleId == "policy-browser-session-persistent");
    }

    private static Dictionary<string, JsonNode> Files()
    {
        var files = SampleSnapshot.Files();
        files["identity/conditionalAccess/policies.json"] = new JsonObject
        {
            ["value"] = new JsonArray(new JsonObject
            {
                ["id"] = "ca-session",
                ["displayName"] = "Unmanaged devices: custom strength, every 4 hours, never persistent",
                ["state"] = "enabled",
                ["conditions"] = new JsonObject
                {
                    ["clientAppTypes"] = new JsonArray("all"),
                    ["applications"] = new JsonObject { ["includeApplications"] = new JsonArray("All") },
                    ["users"] = new JsonObject { ["includeUsers"] = new JsonArray("All") },
                    ["devices"] = new JsonObject { ["deviceFilter"] = new JsonObject { ["mode"] = "exclude", ["rule"] = "device.trustType -eq \"ServerAD\" -or device.isCompliant -eq True" } },
                },
                ["grantControls"] = new JsonObject
                {
                    ["operator"] = "OR",
                    ["builtInControls"] = new JsonArray(),
                    ["authenticationStrength"] = new JsonObject
                    {
                        ["id"] = CustomId,
                        ["displayName"] = "Passkeys or Authenticator",
                        ["policyType"] = "custom",
                        ["allowedCombinations"] = new JsonArray("fido2", "password,microsoftAuthenticatorPush"),
                    },
                },
                ["sessionControls"] = new JsonObject
                {
                    ["applicationEnforcedRestrictions"] = new JsonObject { ["isEnabled"] = true },
                    ["cloudAppSecurity"] = new JsonObject { ["isEnabled"] = false, ["cloudAppSecurityType"] = "monitorOnly" },
                    ["persistentBrowser"] = new JsonObject { ["isEnabled"] = true, ["mode"] = "never" },
                    ["signInFrequency"] = new JsonObject { ["isEnabled"] = true, ["value"] = 4, ["type"] = "hours", ["authenticationType"] = "primaryAndSecondaryAuthentication", ["frequencyInterval"] = "timeBased" },
                },
            }),
        };
        files["policies/authenticationStrengthPolicies.json"] = new JsonObject
        {
            ["value"] = new JsonArray(
                new JsonObject { ["id"] = "00000000-0000-0000-0000-000000000004", ["displayName"] = "Phishing-resistant MFA", ["policyType"] = "builtIn", ["requirementsSatisfied"] = "mfa", ["allowedCombinations"] = new JsonArray("windowsHelloForBusiness", "fido2", "x509CertificateMultiFactor") },
                new JsonObject { ["id"] = CustomId, ["displayName"] = "Passkeys or Authenticator", ["policyType"] = "custom", ["requirementsSatisfied"] = "mfa", ["allowedCombinations"] = new JsonArray("fido2", "password,microsoftAuthenticatorPush") }),
        };
        return files;
    }
}

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
/// Issue 17 item 4, end to end: every condition that narrows a Conditional Access policy travels from Graph's JSON through
/// the SDK and the collector into the stored settings, in the form <c>ConditionalAccessPolicy</c> reads back.
/// </summary>
public sealed class ConditionalAccessCollectionTests(TenantDatabase database) : IClassFixture<TenantDatabase>
{
    [Fact]
    public async Task Risk_location_platform_device_app_and_guest_conditions_and_the_authentication_strength_are_kept()
    {
        var files = SampleSnapshot.Files();
        files["identity/conditionalAccess/policies.json"] = new JsonObject
        {
            ["value"] = new JsonArray(new JsonObject
            {
                ["id"] = "ca-narrow",
                ["displayName"] = "MFA for risky sign-ins outside the office",
                ["state"] = "enabled",
                ["conditions"] = new JsonObject
                {
                    ["signInRiskLevels"] = new JsonArray("high", "medium"),
                    ["userRiskLevels"] = new JsonArray(),
                    ["clientAppTypes"] = new JsonArray("all"),
                    ["applications"] = new JsonObject { ["includeApplications"] = new JsonArray("All"), ["excludeApplications"] = new JsonArray("00000003-0000-0ff1-ce00-000000000000") },
                    ["users"] = new JsonObject
                    {
                        ["includeUsers"] = new JsonArray("All"),
                        ["excludeUsers"] = new JsonArray(SampleSnapshot.BobId.ToString()),
                        ["excludeRoles"] = new JsonArray("d29b2b05-8046-44ba-8758-1e26182fcf32"),
                        ["excludeGuestsOrExternalUsers"] = new JsonObject
                        {
                            ["guestOrExternalUserTypes"] = "internalGuest,b2bCollaborationGuest",
                            ["externalTenants"] = new JsonObject { ["@odata.type"] = "#microsoft.graph.conditionalAccessAllExternalTenants", ["membershipKind"] = "all" },
                        },
                    },
                    ["locations"] = new JsonObject { ["includeLocations"] = new JsonArray("All"), ["excludeLocations"] = new JsonArray("AllTrusted") },
                    ["platforms"] = new JsonObject { ["includePlatforms"] = new JsonArray("android", "iOS"), ["excludePlatforms"] = new JsonArray() },
                    ["devices"] = new JsonObject { ["deviceFilter"] = new JsonObject { ["mode"] = "exclude", ["rule"] = "device.isCompliant -eq True" } },
                },
                ["grantControls"] = new JsonObject
                {
                    ["operator"] = "OR",
                    ["builtInControls"] = new JsonArray(),
                    ["authenticationStrength"] = new JsonObject
                    {
                        ["id"] = "00000000-0000-0000-0000-000000000004",
                        ["displayName"] = "Phishing-resistant MFA",
                        ["allowedCombinations"] = new JsonArray("windowsHelloForBusiness", "fido2", "x509CertificateMultiFactor"),
                    },
                },
            }),
        };
        var harness = new ScanHarness(database, EmulatedTenant.FromSnapshotFiles(files));

        var result = await harness.ScanAsync();

        Assert.True(result.Status == ScanStatus.Succeeded, result.Error);
        await using var db = database.CreateApplicationContext(SampleSnapshot.TenantId);
        var stored = await db.InTenantTransactionAsync(ct => db.TenantPolicies.Where(p => p.ScanId == result.ScanId && p.Kind == ConditionalAccessPolicy.Kind).ToListAsync(ct), CancellationToken.None);
        var policy = Assert.Single(ConditionalAccessPolicy.All(new TenantInventory { Policies = stored }));
        Assert.True(policy.IsEnabled && policy.RequiresMfa && policy.TargetsEveryone);
        Assert.Equal("Phishing-resistant MFA", policy.AuthenticationStrength);
        Assert.Equal(
            ["excludes 1 application(s)", "only at sign-in risk High, Medium", "not from trusted locations", "only on Android, IOS", "not on devices matching a filter"],
            policy.Narrowings);
        Assert.False(policy.AppliesToEverySignIn);
        var exclusions = ConditionalAccessExclusions.BeyondBreakGlass(policy, new TenantInventory(), []);
        Assert.Equal([SampleSnapshot.BobId.ToString()], exclusions.Users);
        Assert.Empty(exclusions.Roles);
        Assert.Equal(["InternalGuest", "B2bCollaborationGuest"], exclusions.GuestOrExternalUserTypes);
        Assert.Contains("\"authenticationStrengthCombinations\": [\"windowsHelloForBusiness\", \"fido2\", \"x509CertificateMultiFactor\"]", stored.Single().Settings, StringComparison.Ordinal);
    }
}

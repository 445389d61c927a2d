using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using IdentityOps.Emulator;
using IdentityOps.Testing;
using IdentityOps.Testing.Graph;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace IdentityOps.Core.Tests.Graph;

/// <summary>The whole collection path against the emulator: the real SDK, the real pipeline, the real database.</summary>
public sealed class ScanPipelineTests(TenantDatabase database) : IClassFixture<TenantDatabase>
{
    [Fact]
    public async Task A_scan_of_the_sample_tenant_stores_every_collection()
    {
        var harness = new ScanHarness(database, EmulatedTenant.FromSnapshotFiles(SampleSnapshot.Files()));

        var result = await harness.ScanAsync();

        Assert.True(result.Status == ScanStatus.Succeeded, result.Error);
        Assert.All(result.Collections, c => Assert.True(c.IsAvailable, $"{c.Name}: {c.UnavailableReason}"));
        await using var db = database.CreateApplicationContext(SampleSnapshot.TenantId);
        await db.InTenantTransactionAsync(
            async ct =>
            {
                var app = await db.Applications.SingleAsync(a => a.ScanId == result.ScanId, ct);
                Assert.Equal("Payroll Connector", app.DisplayName);
                Assert.True(app.ImplicitAccessTokenIssuance);
                Assert.Contains("http://localhost:8080", app.WebRedirectUris);
                Assert.Equal(2, await db.Credentials.CountAsync(c => c.ScanId == result.ScanId, ct));
                Assert.Equal(9999, (await db.Credentials.SingleAsync(c => c.ScanId == result.ScanId && c.Kind == Core.Inventory.CredentialKind.Certificate, ct)).EndsAt!.Value.Year);
                var owner = await db.Owners.SingleAsync(o => o.ScanId == result.ScanId, ct);
                Assert.Equal(("user", SampleSnapshot.BobId), (owner.OwnerType, owner.OwnerObjectId));
                Assert.Equal(2, await db.ServicePrincipals.CountAsync(s => s.ScanId == result.ScanId, ct));
                Assert.Equal(Guid.Parse("9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8"), (await db.AppRoleAssignments.SingleAsync(a => a.ScanId == result.ScanId, ct)).AppRoleId);
                Assert.Equal(["Mail.ReadWrite", "offline_access"], (await db.DelegatedGrants.SingleAsync(g => g.ScanId == result.ScanId, ct)).Scopes);
                Assert.Equal(2, await db.Users.CountAsync(u => u.ScanId == result.ScanId, ct));
                Assert.Equal(2, await db.MfaRegistrations.CountAsync(m => m.ScanId == result.ScanId, ct));
                Assert.Equal("user", (await db.RoleAssignments.SingleAsync(r => r.ScanId == result.ScanId, ct)).PrincipalType);

                // Legacy sign-ins, aggregated: Alice's two IMAP4 sign-ins on one day; Bob's POP3 is outside 30 days.
                // (Alice's modern sign-ins are read as a privileged user's: PrivilegedSignInsTests.)
                var legacy = await db.SignInDailySummaries.Where(s => s.ScanId == result.ScanId && s.IsLegacyAuthentication).ToListAsync(ct);
                var imap = Assert.Single(legacy);
                Assert.Equal(("IMAP4", 2, SampleSnapshot.AliceId), (imap.ClientAppUsed, imap.SignIns, imap.UserId));

                var policies = await db.TenantPolicies.Where(p => p.ScanId == result.ScanId).ToListAsync(ct);
                Assert.Equal(
                    ["adminConsentRequestPolicy", "authenticationMethodsPolicy", "authorizationPolicy", "conditionalAccess", "defaultAppManagementPolicy", "organization", "securityDefaults"],
                    policies.Select(p => p.Kind).Order());
                var methods = policies.Single(p => p.Kind == "authenticationMethodsPolicy");
                Assert.Contains("\"enabledMethods\": [\"Fido2\", \"Sms\"]", methods.Settings, StringComparison.Ordinal);
                Assert.Equal("adminConsentRequestPolicy", policies.Single(p => p.Kind == "adminConsentRequestPolicy").PolicyId);
                Assert.Contains("\"reviewers\": 1", policies.Single(p => p.Kind == "adminConsentRequestPolicy").Settings, StringComparison.Ordinal);
                Assert.Contains("\"maxLifetimeDays\": 180", policies.Single(p => p.Kind == "defaultAppManagementPolicy").Settings, StringComparison.Ordinal);
                var scan = await db.Scans.SingleAsync(s => s.Id == result.ScanId, ct);
                Assert.Equal(ScanStatus.Succeeded, scan.Status);
                Assert.Contains("\"applications\": 1", scan.CollectionCounts, StringComparison.Ordinal);
            },
            CancellationToken.None);
    }

    [Fact]
    public async Task Network_traces_of_sign_ins_stop_at_the_mapping_even_when_graph_ignores_select_and_sends_every_field()
    {
        var harness = new ScanHarness(database, EmulatedTenant.FromSnapshotFiles(SampleSnapshot.Files()))
        {
            TenantId = Guid.NewGuid(),
            Transport = emulator => new SelectDroppingTransport(emulator),
        };

        var result = await harness.ScanAsync();

        Assert.True(result.Status == ScanStatus.Succeeded, result.Error);
        Assert.All(result.Collections.Where(c => c.Name.Contains("SignIns", StringComparison.Ordinal)), c => Assert.True(c.Objects > 0, c.Name));
        var dump = await DatabaseDump.ReadAllAsync(database);
        foreach (var canary in new[] { SampleSnapshot.IpCanary, SampleSnapshot.UserAgentCanary, SampleSnapshot.CityCanary, SampleSnapshot.DeviceCanary })
        {
            Assert.DoesNotContain(canary, dump, StringComparison.Ordinal);
        }
    }

    /// <summary>Removes <c>$select</c> from sign-in requests, so the emulator answers with every field of every event.</summary>
    private sealed class SelectDroppingTransport(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri is { } uri && uri.AbsolutePath.EndsWith("/auditLogs/signIns", StringComparison.Ordinal))
            {
                var kept = uri.Query.TrimStart('?').Split('&').Where(pair => !Uri.UnescapeDataString(pair).StartsWith("$select=", StringComparison.Ordinal));
                request.RequestUri = new UriBuilder(uri) { Query = string.Join('&', kept) }.Uri;
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    [Fact]
    public async Task A_second_scan_of_an_unchanged_tenant_follows_delta_links_at_about_one_request_per_collection()
    {
        var harness = new ScanHarness(database, EmulatedTenant.FromSnapshotFiles(SampleSnapshot.Files())) { TenantId = Guid.NewGuid() };
        var first = await harness.ScanAsync();
        var firstRequests = harness.Emulator.Log.Requests.Count(r => !r.InsideBatch);
        harness.Emulator.Log.Clear();

        var second = await harness.ScanAsync();

        Assert.Equal(ScanStatus.Succeeded, second.Status);
        var viaDelta = second.Collections.Where(c => c.ViaDelta).Select(c => c.Name).Order().ToList();
        Assert.Equal(["applications", "oauth2PermissionGrants", "servicePrincipals"], viaDelta);
        var requests = harness.Emulator.Log.Requests.Where(r => !r.InsideBatch).ToList();
        // + 4: the two $batch requests, the applications' owners listing (delta does not track owners, so a delta scan reads them again),
        // and the legacy sign-ins' second slice (Graph takes at most 15 filter expressions per request).
        Assert.True(requests.Count <= second.Collections.Count + 4, $"{requests.Count} requests for {second.Collections.Count} collections:\n{string.Join('\n', requests.Select(r => r.PathAndQuery))}");
        Assert.True(firstRequests >= requests.Count);
        await AssertSameInventoryAsync(harness.TenantId, first.ScanId, second.ScanId);
    }

    [Fact]
    public async Task A_delta_scan_of_a_changed_tenant_reflects_additions_changes_and_deletions()
    {
        var emulated = EmulatedTenant.FromSnapshotFiles(SampleSnapshot.Files());
        var harness = new ScanHarness(database, emulated) { TenantId = Guid.NewGuid() };
        await harness.ScanAsync();

        var added = Guid.NewGuid();
        emulated.Upsert("applications", new System.Text.Json.Nodes.JsonObject
        {
            ["id"] = added.ToString(),
            ["appId"] = Guid.NewGuid().ToString(),
            ["displayName"] = "Newly Registered",
            ["passwordCredentials"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["keyId"] = Guid.NewGuid().ToString(), ["endDateTime"] = "2027-01-01T00:00:00Z", ["hint"] = "zzz" }),
        });
        emulated.Upsert("applications", new System.Text.Json.Nodes.JsonObject
        {
            ["id"] = SampleSnapshot.AppObjectId.ToString(),
            ["appId"] = SampleSnapshot.AppId.ToString(),
            ["displayName"] = "Payroll Connector (renamed)",
            ["owners"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["@odata.type"] = "#microsoft.graph.user", ["id"] = SampleSnapshot.AliceId.ToString(), ["displayName"] = "Alice" }),
        });
        Assert.True(emulated.Remove("servicePrincipals", SampleSnapshot.ClientSpId.ToString()));
        Assert.True(emulated.Remove("oauth2PermissionGrants", "grant-1"));

        var second = await harness.ScanAsync();

        Assert.True(second.Status == ScanStatus.Succeeded, second.Error);
        Assert.Contains(second.Collections, c => c.Name == "applications" && c.ViaDelta);
        await using var db = database.CreateApplicationContext(harness.TenantId);
        await db.InTenantTransactionAsync(
            async ct =>
            {
                var apps = await db.Applications.Where(a => a.ScanId == second.ScanId).ToDictionaryAsync(a => a.ObjectId, ct);
                Assert.Equal(2, apps.Count);
                Assert.Equal("Payroll Connector (renamed)", apps[SampleSnapshot.AppObjectId].DisplayName);
                Assert.Equal("Newly Registered", apps[added].DisplayName);

                // The renamed app's credentials were replaced by its new state (none); the new app brought one.
                var credentials = await db.Credentials.Where(c => c.ScanId == second.ScanId && c.OwnerKind == Core.Inventory.CredentialOwnerKind.Application).ToListAsync(ct);
                Assert.Equal([added], credentials.Select(c => c.OwnerObjectId));

                // Owners of a changed app are re-read (delta items carry no expanded owners).
                var owners = await db.Owners.Where(o => o.ScanId == second.ScanId).ToListAsync(ct);
                Assert.Equal([SampleSnapshot.AliceId], owners.Where(o => o.OwnedObjectId == SampleSnapshot.AppObjectId).Select(o => o.OwnerObjectId));

                Assert.Equal([SampleSnapshot.GraphSpId], await db.ServicePrincipals.Where(s => s.ScanId == second.ScanId).Select(s => s.ObjectId).ToListAsync(ct));
                Assert.Empty(await db.DelegatedGrants.Where(g => g.ScanId == second.ScanId).ToListAsync(ct));
            },
            CancellationToken.None);
    }

    // Several seeds: concurrency decides which request draws which fault, so one seed alone is one sample.
    [Theory]
    [InlineData(7)]
    [InlineData(11)]
    [InlineData(23)]
    [InlineData(42)]
    [InlineData(1234)]
    public async Task A_scan_under_throttling_and_injected_faults_stores_the_same_inventory_as_a_clean_scan(int seed)
    {
        var clean = new ScanHarness(database, EmulatedTenant.FromSnapshotFiles(SampleSnapshot.Files(extraUsers: 1200))) { TenantId = Guid.NewGuid() };
        var cleanResult = await clean.ScanAsync();

        var faults = new FaultPlan(Seed: seed, Probability: 0.2, Kinds:
        [
            FaultKind.TooManyRequestsWithRetryAfter, FaultKind.TooManyRequestsFractionalRetryAfter, FaultKind.TooManyRequestsWithoutRetryAfter,
            FaultKind.ServiceUnavailable, FaultKind.GatewayTimeout, FaultKind.DroppedConnection, FaultKind.TruncatedBody, FaultKind.SlowResponse,
            FaultKind.ExpiredPageToken,
        ]);
        var faulty = new ScanHarness(database, EmulatedTenant.FromSnapshotFiles(SampleSnapshot.Files(extraUsers: 1200)), new GraphEmulatorOptions { ThrottleSpeedFactor = 1000, Faults = faults }) { TenantId = Guid.NewGuid() };
        var faultyResult = await faulty.ScanAsync();

        Assert.True(faultyResult.Status == ScanStatus.Succeeded, faultyResult.Error);
        Assert.All(faultyResult.Collections, c => Assert.True(c.IsAvailable, $"{c.Name}: {c.UnavailableReason}"));
        Assert.True(faulty.Emulator.Log.Requests.Any(r => r.Status >= 400), "the fault plan injected no failure");
        Assert.Equal(await InventoryFingerprintAsync(clean.TenantId, cleanResult.ScanId), await InventoryFingerprintAsync(faulty.TenantId, faultyResult.ScanId));
    }

    [Fact]
    public async Task The_synthetic_sample_tenant_with_its_hostile_values_is_collected_whole_and_without_canaries()
    {
        var synthetic = IdentityOps.Emulator.Synthetic.SyntheticTenantGenerator.Generate(IdentityOps.Emulator.Synthetic.SyntheticTenantSpec.Small);
        var harness = new ScanHarness(database, EmulatedTenant.FromSnapshotFiles(synthetic.Files)) { TenantId = synthetic.TenantId };

        var result = await harness.ScanAsync(synthetic.Spec.AsOf);

        Assert.True(result.Status == ScanStatus.Succeeded, result.Error);
        Assert.All(result.Collections, c => Assert.True(c.IsAvailable, $"{c.Name}: {c.UnavailableReason}"));
        var counts = result.Collections.ToDictionary(c => c.Name, c => c.Objects);
        Assert.Equal(synthetic.Spec.Users, counts["users"]);
        Assert.Equal(synthetic.Spec.Applications, counts["applications"]);
        Assert.True(counts["legacySignIns"] > 0);

        var dump = await DatabaseDump.ReadAllAsync(database);
        Assert.Contains("{{ 7*7 }}", dump, StringComparison.Ordinal); // hostile names are kept as data
        foreach (var canary in new[] { "CANARY-SECRET-", "Q0FOQVJZ", "203.0.113.", "CANARY-UA", "CANARY-DEVICE-", "CANARY-CITY-" })
        {
            Assert.DoesNotContain(canary, dump, StringComparison.Ordinal);
        }
    }

    private async Task<string> InventoryFingerprintAsync(Guid tenant, Guid scan)
    {
        var fingerprint = await InventoryFingerprint.OfAsync(database, tenant, scan);
        Assert.True(fingerprint.Count(c => c == '\n') >= 1200);
        return fingerprint;
    }

    private async Task AssertSameInventoryAsync(Guid tenant, Guid first, Guid second)
    {
        await using var db = database.CreateApplicationContext(tenant);
        await db.InTenantTransactionAsync(
            async ct =>
            {
                Assert.Equal(
                    await db.Applications.Where(a => a.ScanId == first).Select(a => a.ObjectId).OrderBy(x => x).ToListAsync(ct),
                    await db.Applications.Where(a => a.ScanId == second).Select(a => a.ObjectId).OrderBy(x => x).ToListAsync(ct));
                Assert.Equal(
                    await db.Credentials.Where(a => a.ScanId == first).Select(a => a.CredentialId).OrderBy(x => x).ToListAsync(ct),
                    await db.Credentials.Where(a => a.ScanId == second).Select(a => a.CredentialId).OrderBy(x => x).ToListAsync(ct));
                Assert.Equal(
                    await db.Owners.Where(a => a.ScanId == first).Select(a => a.OwnerObjectId).OrderBy(x => x).ToListAsync(ct),
                    await db.Owners.Where(a => a.ScanId == second).Select(a => a.OwnerObjectId).OrderBy(x => x).ToListAsync(ct));
                Assert.Equal(
                    await db.ServicePrincipals.Where(a => a.ScanId == first).Select(a => a.ObjectId).OrderBy(x => x).ToListAsync(ct),
                    await db.ServicePrincipals.Where(a => a.ScanId == second).Select(a => a.ObjectId).OrderBy(x => x).ToListAsync(ct));
                Assert.Equal(
                    await db.DelegatedGrants.Where(a => a.ScanId == first).Select(a => a.GrantId).OrderBy(x => x).ToListAsync(ct),
                    await db.DelegatedGrants.Where(a => a.ScanId == second).Select(a => a.GrantId).OrderBy(x => x).ToListAsync(ct));
            },
            CancellationToken.None);
    }
}

using System.Text.Json.Nodes;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using IdentityOps.Emulator;
using IdentityOps.Testing;
using IdentityOps.Testing.Graph;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Core.Tests.Graph;

/// <summary>
/// Delta, <c>$expand</c> and <c>$batch</c> as Microsoft documents them (microsoftgraph/microsoft-graph-docs-contrib,
/// concepts/delta-query-overview.md and concepts/known-issues.md): an updated object arrives as its id and what changed,
/// may arrive twice, and not at all when only its owners changed; an expanded navigation stops at 20 items with no next
/// link; an object deleted while the scan reads it answers 404 inside a batch.
/// </summary>
public sealed class DeltaExpandBatchTests(TenantDatabase database) : IClassFixture<TenantDatabase>
{
    private static readonly Guid CrowdedAppObjectId = Guid.Parse("a0000000-0000-4000-8000-000000000025");

    [Fact]
    public async Task A_partial_delta_item_is_merged_into_the_stored_row_and_keeps_what_it_does_not_carry()
    {
        var files = SampleSnapshot.Files();
        var emulated = EmulatedTenant.FromSnapshotFiles(files);
        var harness = Harness(emulated);
        await harness.ScanAsync();

        // Each change touches one property: Graph sends the id and that property, nothing else.
        emulated.Upsert("applications", Changed(files["applications.json"], 0, "displayName", "Payroll Connector (renamed)"));
        emulated.Upsert("servicePrincipals", Changed(files["servicePrincipals.json"], 0, "displayName", "Payroll Connector (renamed)"));
        emulated.Upsert("oauth2PermissionGrants", Changed(files["oauth2PermissionGrants.json"], 0, "scope", "User.Read"));

        var second = await harness.ScanAsync();

        Assert.True(second.Status == ScanStatus.Succeeded, second.Error);
        Assert.All(second.Collections.Where(c => c.ViaDelta), c => Assert.DoesNotContain(c.Warnings, w => w.StartsWith("skipped", StringComparison.Ordinal)));
        await using var db = database.CreateApplicationContext(harness.TenantId);
        await db.InTenantTransactionAsync(
            async ct =>
            {
                var app = await db.Applications.SingleAsync(a => a.ScanId == second.ScanId, ct);
                Assert.Equal(("Payroll Connector (renamed)", SampleSnapshot.AppId, "AzureADMultipleOrgs"), (app.DisplayName, app.AppId, app.SignInAudience));
                Assert.Contains("http://localhost:8080", app.WebRedirectUris);
                Assert.Equal(2, await db.Credentials.CountAsync(c => c.ScanId == second.ScanId && c.OwnerObjectId == SampleSnapshot.AppObjectId, ct));

                var sp = await db.ServicePrincipals.SingleAsync(s => s.ScanId == second.ScanId && s.ObjectId == SampleSnapshot.ClientSpId, ct);
                Assert.Equal(("Payroll Connector (renamed)", SampleSnapshot.AppId, "Application"), (sp.DisplayName, sp.AppId, sp.ServicePrincipalType));

                var grant = await db.DelegatedGrants.SingleAsync(g => g.ScanId == second.ScanId, ct);
                Assert.Equal((SampleSnapshot.ClientSpId, SampleSnapshot.GraphSpId, "AllPrincipals"), (grant.ClientId, grant.ResourceId, grant.ConsentType));
                Assert.Equal(["User.Read"], grant.Scopes);
            },
            CancellationToken.None);
    }

    [Fact]
    public async Task An_object_listed_twice_in_a_delta_response_does_not_fail_the_scan_and_its_last_copy_wins()
    {
        var files = SampleSnapshot.Files();
        var emulated = EmulatedTenant.FromSnapshotFiles(files);
        var harness = Harness(emulated, new GraphEmulatorOptions { ThrottleSpeedFactor = 1000, RepeatDeltaItems = true });
        await harness.ScanAsync();
        emulated.Upsert("applications", Changed(files["applications.json"], 0, "displayName", "Payroll Connector (renamed)"));
        emulated.Upsert("servicePrincipals", Changed(files["servicePrincipals.json"], 0, "displayName", "Payroll Connector (renamed)"));
        emulated.Upsert("oauth2PermissionGrants", Changed(files["oauth2PermissionGrants.json"], 0, "scope", "User.Read"));

        var second = await harness.ScanAsync();

        Assert.True(second.Status == ScanStatus.Succeeded, second.Error);
        Assert.Equal(["applications", "oauth2PermissionGrants", "servicePrincipals"], second.Collections.Where(c => c.ViaDelta).Select(c => c.Name).Order());
        Assert.All(second.Collections.Where(c => c.ViaDelta), c => Assert.True(c.IsAvailable, c.UnavailableReason));
        await using var db = database.CreateApplicationContext(harness.TenantId);
        await db.InTenantTransactionAsync(
            async ct =>
            {
                Assert.Equal("Payroll Connector (renamed)", (await db.Applications.SingleAsync(a => a.ScanId == second.ScanId, ct)).DisplayName);
                Assert.Equal(2, await db.Credentials.CountAsync(c => c.ScanId == second.ScanId && c.OwnerObjectId == SampleSnapshot.AppObjectId, ct));
                Assert.Equal(2, await db.ServicePrincipals.CountAsync(s => s.ScanId == second.ScanId, ct));
                Assert.Equal(["User.Read"], (await db.DelegatedGrants.SingleAsync(g => g.ScanId == second.ScanId, ct)).Scopes);
            },
            CancellationToken.None);
    }

    [Fact]
    public async Task An_owner_change_that_delta_does_not_report_reaches_the_next_delta_scan()
    {
        var files = SampleSnapshot.Files();
        var emulated = EmulatedTenant.FromSnapshotFiles(files);
        var harness = Harness(emulated);
        await harness.ScanAsync();
        emulated.Upsert(
            "applications",
            Changed(files["applications.json"], 0, "owners", new JsonArray(new JsonObject { ["@odata.type"] = "#microsoft.graph.user", ["id"] = SampleSnapshot.AliceId.ToString(), ["displayName"] = "Alice Admin" })));

        var second = await harness.ScanAsync();

        Assert.True(second.Status == ScanStatus.Succeeded, second.Error);
        Assert.Contains(second.Collections, c => c.Name == "applications" && c.ViaDelta);
        await using var db = database.CreateApplicationContext(harness.TenantId);
        var owners = await db.InTenantTransactionAsync(ct => db.Owners.Where(o => o.ScanId == second.ScanId).Select(o => o.OwnerObjectId).ToListAsync(ct), CancellationToken.None);
        Assert.Equal([SampleSnapshot.AliceId], owners);
    }

    [Fact]
    public async Task Every_owner_of_an_app_with_more_than_twenty_is_collected_on_a_full_and_on_a_delta_scan()
    {
        var files = SampleSnapshot.Files();
        var expected = AddCrowdedApp(files, owners: 25);
        var harness = Harness(EmulatedTenant.FromSnapshotFiles(files));

        var first = await harness.ScanAsync();
        var second = await harness.ScanAsync();

        Assert.True(first.Status == ScanStatus.Succeeded, first.Error);
        Assert.True(second.Status == ScanStatus.Succeeded, second.Error);
        await using var db = database.CreateApplicationContext(harness.TenantId);
        foreach (var scan in new[] { first.ScanId, second.ScanId })
        {
            var owners = await db.InTenantTransactionAsync(
                ct => db.Owners.Where(o => o.ScanId == scan && o.OwnedObjectId == CrowdedAppObjectId).Select(o => o.OwnerObjectId).OrderBy(o => o).ToListAsync(ct),
                CancellationToken.None);
            Assert.Equal(expected, owners);
        }
    }

    [Fact]
    public async Task A_resource_deleted_while_the_scan_reads_it_loses_its_assignments_not_the_collection()
    {
        var options = new GraphEmulatorOptions { ThrottleSpeedFactor = 1000, DeletedAfterListing = new HashSet<string> { SampleSnapshot.GraphSpId.ToString() } };
        var harness = Harness(EmulatedTenant.FromSnapshotFiles(SampleSnapshot.Files()), options);

        var result = await harness.ScanAsync();

        Assert.True(result.Status == ScanStatus.Succeeded, result.Error);
        var assignments = Assert.Single(result.Collections, c => c.Name == "appRoleAssignments");
        Assert.True(assignments.IsAvailable, assignments.UnavailableReason);
        Assert.Equal(0, assignments.Objects);
        Assert.Contains("skipped 1 object(s): a resource service principal deleted while the scan read it", assignments.Warnings);
    }

    [Fact]
    public async Task An_app_deleted_before_its_owners_are_paged_is_skipped_and_counted_and_the_collection_stays_available()
    {
        var files = SampleSnapshot.Files();
        AddCrowdedApp(files, owners: 25);
        var options = new GraphEmulatorOptions { ThrottleSpeedFactor = 1000, DeletedAfterListing = new HashSet<string> { CrowdedAppObjectId.ToString() } };
        var harness = Harness(EmulatedTenant.FromSnapshotFiles(files), options);

        var result = await harness.ScanAsync();

        Assert.True(result.Status == ScanStatus.Succeeded, result.Error);
        var applications = Assert.Single(result.Collections, c => c.Name == "applications");
        Assert.True(applications.IsAvailable, applications.UnavailableReason);
        Assert.Equal(1, applications.Objects);
        Assert.Contains("skipped 1 object(s): an application deleted while the scan read it", applications.Warnings);
        await using var db = database.CreateApplicationContext(harness.TenantId);
        await db.InTenantTransactionAsync(
            async ct =>
            {
                Assert.Equal([SampleSnapshot.AppObjectId], await db.Applications.Where(a => a.ScanId == result.ScanId).Select(a => a.ObjectId).ToListAsync(ct));
                Assert.False(await db.Owners.AnyAsync(o => o.ScanId == result.ScanId && o.OwnedObjectId == CrowdedAppObjectId, ct));
            },
            CancellationToken.None);
    }

    private ScanHarness Harness(EmulatedTenant tenant, GraphEmulatorOptions? options = null)
        => new(database, tenant, options ?? new GraphEmulatorOptions { ThrottleSpeedFactor = 1000 }) { TenantId = Guid.NewGuid() };

    /// <summary>The item at <paramref name="index"/> of a snapshot collection with one property changed.</summary>
    private static JsonObject Changed(JsonNode collection, int index, string property, JsonNode? value)
    {
        var item = collection["value"]![index]!.DeepClone().AsObject();
        item[property] = value;
        return item;
    }

    /// <summary>Adds an app registration with more owners than <c>$expand</c> returns; gives their ids in order.</summary>
    private static List<Guid> AddCrowdedApp(Dictionary<string, JsonNode> files, int owners)
    {
        var ids = Enumerable.Range(1, owners).Select(i => Guid.Parse($"f0000000-0000-4000-8000-{i:D12}")).ToList();
        ((JsonArray)files["applications.json"]["value"]!).Add(new JsonObject
        {
            ["id"] = CrowdedAppObjectId.ToString(),
            ["appId"] = Guid.NewGuid().ToString(),
            ["displayName"] = "Shared Team Tool",
            ["owners"] = new JsonArray([.. ids.Select(id => (JsonNode)new JsonObject { ["@odata.type"] = "#microsoft.graph.user", ["id"] = id.ToString(), ["displayName"] = $"Owner {id}" })]),
        });
        return ids;
    }
}

using System.Text.Json.Nodes;
using IdentityOps.Core.Graph.Collection;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Persistence.Inventory;
using IdentityOps.Core.Tenancy;
using IdentityOps.Emulator;
using IdentityOps.Testing;
using IdentityOps.Testing.Graph;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace IdentityOps.Core.Tests.Graph;

/// <summary>
/// Owners of privileged service principals (issue 17 item 9): read per privileged service principal, stored as owner rows of
/// their own kind, apart from app registrations' owners.
/// </summary>
public sealed class ServicePrincipalOwnersTests(TenantDatabase database) : IClassFixture<TenantDatabase>
{
    private static readonly Guid CarolId = Guid.Parse("c0000000-0000-4000-8000-000000000003");

    [Fact]
    public async Task Owners_of_a_privileged_service_principal_are_collected_and_those_of_an_unprivileged_one_are_not()
    {
        var files = SampleSnapshot.Files();
        var servicePrincipals = (JsonArray)files["servicePrincipals.json"]["value"]!;

        // The sample's client holds RoleManagement.ReadWrite.Directory; Microsoft Graph's own service principal holds nothing.
        servicePrincipals.Single(sp => sp!["id"]!.GetValue<string>() == SampleSnapshot.ClientSpId.ToString())!["owners"] = Owners(CarolId, "Carol Developer");
        servicePrincipals.Single(sp => sp!["id"]!.GetValue<string>() == SampleSnapshot.GraphSpId.ToString())!["owners"] = Owners(SampleSnapshot.BobId, "Bob");
        var harness = new ScanHarness(database, EmulatedTenant.FromSnapshotFiles(files)) { TenantId = Guid.NewGuid() };

        var result = await harness.ScanAsync();

        Assert.True(result.Status == ScanStatus.Succeeded, result.Error);
        var collection = Assert.Single(result.Collections, c => c.Name == "servicePrincipalOwners");
        Assert.True(collection.IsAvailable, collection.UnavailableReason);
        Assert.Equal(1, collection.Objects);
        await using var db = database.CreateApplicationContext(harness.TenantId);
        await db.InTenantTransactionAsync(
            async ct =>
            {
                var owners = await db.Owners.Where(o => o.ScanId == result.ScanId).OrderBy(o => o.OwnedObjectKind).ToListAsync(ct);
                Assert.Equal(
                    [(OwnedObjectKind.Application, SampleSnapshot.AppObjectId, SampleSnapshot.BobId), (OwnedObjectKind.ServicePrincipal, SampleSnapshot.ClientSpId, CarolId)],
                    owners.Select(o => (o.OwnedObjectKind, o.OwnedObjectId, o.OwnerObjectId)));
                Assert.Equal("Carol Developer", owners[1].OwnerDisplayName);
            },
            CancellationToken.None);
    }

    [Fact]
    public async Task Clearing_the_app_registrations_owners_leaves_the_service_principals_owners()
    {
        var tenant = Guid.NewGuid();
        var scan = Guid.NewGuid();
        await using (var setup = database.CreateApplicationContext(tenant))
        {
            setup.Tenants.Add(new Tenant { Id = tenant, DisplayName = "Contoso", CreatedAt = ScanHarness.AsOf });
            setup.Scans.Add(new Scan { TenantId = tenant, Id = scan, RequestedBy = Guid.NewGuid(), RequestedAt = ScanHarness.AsOf, Status = ScanStatus.Running });
            await setup.SaveChangesAsync();
        }

        OwnerRecord Owner(OwnedObjectKind kind) => new()
        {
            TenantId = tenant, ScanId = scan, OwnedObjectId = Guid.NewGuid(), OwnedObjectKind = kind, OwnerObjectId = Guid.NewGuid(), OwnerType = "user",
        };

        await using var dataSource = NpgsqlDataSource.Create(database.Provisioned.ApplicationConnectionString);
        await using (var writer = await ScanInventoryWriter.BeginAsync(dataSource, tenant, scan, CancellationToken.None))
        {
            // The two collections' shares, as the collector clears one when its collection restarts or becomes unavailable.
            var applications = new GraphCollector(TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<GraphCollector>.Instance).Readers.Single(r => r.Name == "applications");
            await writer.WriteAsync([Owner(OwnedObjectKind.Application), Owner(OwnedObjectKind.ServicePrincipal)], CancellationToken.None);
            await writer.ClearAsync(applications.Shares, CancellationToken.None);
            await writer.CompleteAsync((_, _, _) => Task.CompletedTask, CancellationToken.None);
        }

        await using var db = database.CreateApplicationContext(tenant);
        var kinds = await db.InTenantTransactionAsync(ct => db.Owners.Where(o => o.ScanId == scan).Select(o => o.OwnedObjectKind).ToListAsync(ct), CancellationToken.None);
        Assert.Equal([OwnedObjectKind.ServicePrincipal], kinds);
    }

    private static JsonArray Owners(Guid id, string name)
        => new(new JsonObject { ["@odata.type"] = "#microsoft.graph.user", ["id"] = id.ToString(), ["displayName"] = name, ["userType"] = "Member", ["accountEnabled"] = true });
}

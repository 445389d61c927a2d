using IdentityOps.Core.Graph;
using IdentityOps.Core.Trust;
using IdentityOps.Core.Trust.Checks;
using IdentityOps.Emulator;
using IdentityOps.Testing;
using IdentityOps.Testing.Graph;

namespace IdentityOps.Security.Tests.ReadOnlyGraph;

/// <summary>A full scan of the sample tenant through the real Graph client and the emulator, and the scopes it is consented with.</summary>
[Trait("Claim", TrustClaimIds.ReadOnlyGraph)]
public sealed class FullScanTests(TenantDatabase database) : IClassFixture<TenantDatabase>
{
    [Fact]
    public async Task Every_request_the_scan_sends_is_a_get_or_an_all_get_batch()
    {
        var harness = new ScanHarness(database, EmulatedTenant.FromSnapshotFiles(SampleSnapshot.Files()));

        await harness.ScanAsync();

        var requests = harness.Emulator.Log.Requests;
        Assert.NotEmpty(requests);
        Assert.All(requests, r => Assert.True(r.Method == "GET" || (r.Method == "POST" && r.PathAndQuery.EndsWith("/$batch", StringComparison.Ordinal)), $"{r.Method} {r.PathAndQuery}"));
        Assert.All(requests.Where(r => r.InsideBatch), r => Assert.Equal("GET", r.Method));
    }

    [Fact]
    public void Every_configured_scope_is_a_listed_microsoft_graph_permission_and_none_can_write()
    {
        Assert.True(GraphPermissionIds.Delegated.Count > 10, "the permission id list was not read");
        Assert.All(GraphScopes.Delegated, scope => Assert.True(GraphPermissionIds.Delegated.ContainsKey(scope), $"{scope} is not in the permission id list"));

        // The id list holds write permissions too: the check must see them as writes.
        var writes = GraphPermissionIds.Delegated.Keys.Where(GraphScopes.IsWriteCapable).ToList();
        Assert.Contains("Directory.ReadWrite.All", writes);
        Assert.Contains("Directory.AccessAsUser.All", writes);
        Assert.Empty(GraphScopes.Delegated.Intersect(writes));
    }

    [Fact]
    public async Task The_live_check_lists_the_scopes_with_their_ids_and_fails_on_a_write_scope()
    {
        var met = await new ReadOnlyGraphCheck().EvaluateAsync(CancellationToken.None);
        Assert.Equal(TrustStatus.Met, met.Status);
        Assert.Contains("Directory.Read.All (06da0dbc-49e2-44d2-8312-53f166ab848a)", met.Evidence, StringComparison.Ordinal);

        Assert.Equal(TrustStatus.Failing, ReadOnlyGraphCheck.Evaluate([.. GraphScopes.Delegated, "Directory.ReadWrite.All"]).Status);
        Assert.Equal(TrustStatus.Failing, ReadOnlyGraphCheck.Evaluate([.. GraphScopes.Delegated, "Mail.Read"]).Status);
    }
}

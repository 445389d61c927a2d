using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using IdentityOps.Core.Audit;
using IdentityOps.Core.Audit.AnchorAuditHeads;
using IdentityOps.Core.Lifecycle.ExportTenantData;
using IdentityOps.Core.Trust;
using IdentityOps.Testing;
using Microsoft.Extensions.Time.Testing;

namespace IdentityOps.Security.Tests.Offboarding;

/// <summary>The export holds everything of the tenant (every tenant table, from the catalog), nothing of another, and no sign-in state.</summary>
[Trait("Claim", TrustClaimIds.Offboarding)]
public sealed class ExportTenantDataTests : IAsyncLifetime
{
    private readonly TenantDatabase database = new();
    private readonly Guid exporting = Guid.NewGuid();
    private readonly Guid other = Guid.NewGuid();

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        await TenantDataSeeder.SeedAsync(database, exporting, "exporting");
        await TenantDataSeeder.SeedAsync(database, other, "othertenant");
    }

    public Task DisposeAsync() => database.DisposeAsync();

    [Fact]
    public async Task The_archive_has_every_tenant_table_but_sign_in_state_with_only_this_tenants_rows_and_a_verifiable_manifest()
    {
        var files = await ExportAsync();

        await using var connection = await TenantDatabase.OpenAsync(database.SuperuserConnectionString);
        var expected = (await SchemaCatalog.TenantTablesAsync(connection))
            .Except(["server_sessions", "token_cache_entries", "tenant_deletion_confirmations"])
            .Select(t => $"{t}.json")
            .Append("tenants.json")
            .Order(StringComparer.Ordinal);
        Assert.Equal(expected, files.Keys.Where(f => f != "manifest.json" && !f.StartsWith("audit/", StringComparison.Ordinal)).Order(StringComparer.Ordinal));

        // audit/ holds the chain, its signed heads and how to verify them (ImmutableAudit/PublishedAuditHeadTests).
        foreach (var (name, bytes) in files.Where(f => f.Key != "manifest.json" && !f.Key.StartsWith("audit/", StringComparison.Ordinal)))
        {
            var rows = JsonDocument.Parse(bytes).RootElement;
            Assert.True(rows.GetArrayLength() > 0, $"{name} exported no row of the tenant");
            var text = System.Text.Encoding.UTF8.GetString(bytes);
            Assert.DoesNotContain(other.ToString(), text, StringComparison.Ordinal);
            Assert.DoesNotContain("othertenant", text, StringComparison.Ordinal);
        }

        using var manifest = JsonDocument.Parse(files["manifest.json"]);
        foreach (var file in manifest.RootElement.GetProperty("files").EnumerateArray())
        {
            var name = file.GetProperty("file").GetString()!;
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(files[name])), file.GetProperty("sha256").GetString());
        }
    }

    [Fact]
    public async Task No_ciphertext_session_key_or_hash_column_leaves_the_server()
    {
        var files = await ExportAsync();

        var all = string.Concat(files.Values.Select(System.Text.Encoding.UTF8.GetString));
        Assert.DoesNotContain("protected_", all, StringComparison.Ordinal);
        Assert.DoesNotContain("id_hash", all, StringComparison.Ordinal);
        Assert.DoesNotContain($"{exporting}:", all, StringComparison.Ordinal); // token cache session keys
    }

    private async Task<Dictionary<string, byte[]>> ExportAsync()
    {
        await using var db = database.CreateApplicationContext(exporting);
        using var archive = new MemoryStream();
        var clock = new FakeTimeProvider();
        var keys = AnchorKeys.Source(AnchorKeys.NewKeyFile());
        await new ExportTenantDataQuery(db, new TenantAuditTrail(db, clock), new AnchorTenantAuditHeadCommand(db, keys, [], clock), keys, [], clock).WriteAsync(new ExportTenantDataRequest(exporting, Guid.NewGuid()), archive, CancellationToken.None);
        archive.Position = 0;
        using var zip = new ZipArchive(archive, ZipArchiveMode.Read);
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var entry in zip.Entries)
        {
            await using var stream = entry.Open();
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            files[entry.FullName] = copy.ToArray();
        }

        return files;
    }
}

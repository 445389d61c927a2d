using System.Text;
using System.Xml.Linq;
using IdentityOps.Core.Identity.TokenCache;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Trust;
using IdentityOps.Functions.Testing;
using IdentityOps.Testing;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace IdentityOps.Security.Tests.TokensEncrypted;

/// <summary>Delegated tokens at rest: only in the PostgreSQL cache, only as AES-256-GCM ciphertext, and anything else there is refused.</summary>
[Trait("Claim", TrustClaimIds.TokensEncrypted)]
public sealed class TokenCacheTests(FunctionsApp app) : IClassFixture<FunctionsApp>, IDisposable
{
    private static readonly byte[] DataProtectionHeader = [0x09, 0xF0, 0xC9, 0xF0];

    public void Dispose() => app.Reset();

    [Fact]
    public async Task The_cache_rows_hold_ciphertext_with_no_token_and_nothing_shaped_like_a_jwt()
    {
        var tenant = await app.AddTenantAsync();
        await app.StartScanAsync(tenant);

        var rows = await RowsAsync(tenant);

        var (key, value) = Assert.Single(rows);
        Assert.StartsWith($"{tenant.Id:D}:", key, StringComparison.Ordinal);
        Assert.True(value.AsSpan().StartsWith(DataProtectionHeader), "the value is not Data Protection ciphertext");
        var asText = Encoding.Latin1.GetString(value);
        Assert.DoesNotContain("eyJ", asText, StringComparison.Ordinal);
        Assert.DoesNotContain("\"secret\"", asText, StringComparison.Ordinal);
        Assert.DoesNotContain("rt.", asText, StringComparison.Ordinal);
        Assert.NotEmpty(app.Entra.IssuedTokens);
        Assert.All(app.Entra.IssuedTokens, token => Assert.DoesNotContain(token, asText, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Data_protection_runs_aes_256_gcm_with_its_keys_encrypted_in_their_own_directory()
    {
        var tenant = await app.AddTenantAsync();
        await app.StartScanAsync(tenant);

        Assert.Equal("AES_256_GCM", TokenProtection.CurrentAlgorithm(app.Host.Services));
        var keys = app.Host.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value;
        Assert.Equal(TimeSpan.FromDays(30), keys.NewKeyLifetime);

        var keyFiles = Directory.GetFiles(app.KeyRingPath, "key-*.xml");
        Assert.NotEmpty(keyFiles);
        foreach (var file in keyFiles)
        {
            var xml = XDocument.Load(file);
            Assert.Equal("AES_256_GCM", xml.Descendants("encryption").Single().Attribute("algorithm")!.Value);
            Assert.Contains(xml.Descendants(), e => e.Name.LocalName == "encryptedSecret");
            Assert.DoesNotContain(xml.Descendants("masterKey"), k => k.Element("value") is not null);
        }
    }

    [Fact]
    public async Task A_plaintext_entry_is_refused_removed_and_the_scan_asks_for_a_new_sign_in()
    {
        var tenant = await app.AddTenantAsync();
        var scanId = await app.StartScanAsync(tenant);
        var plaintext = Encoding.UTF8.GetBytes("""{"AccessToken":{"k":{"secret":"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln","credential_type":"AccessToken"}},"RefreshToken":{}}""");
        await SetValueAsync(tenant, _ => plaintext);

        await AssertRefusedAsync(tenant, scanId);
    }

    [Fact]
    public async Task A_tampered_entry_is_refused_removed_and_the_scan_asks_for_a_new_sign_in()
    {
        var tenant = await app.AddTenantAsync();
        var scanId = await app.StartScanAsync(tenant);
        await SetValueAsync(tenant, value =>
        {
            var tampered = value.ToArray();
            tampered[^5] ^= 0x01;
            return tampered;
        });

        await AssertRefusedAsync(tenant, scanId);
    }

    [Fact]
    public async Task Ciphertext_moved_to_another_session_key_does_not_decrypt()
    {
        var tenant = await app.AddTenantAsync();
        var scanId = await app.StartScanAsync(tenant);
        var (key, value) = Assert.Single(await RowsAsync(tenant));

        // The same bytes under another session of the tenant, and that session's job in the queue.
        var otherKey = $"{tenant.Id:D}:{new string('B', 43)}";
        await using (var superuser = await TenantDatabase.OpenAsync(app.Database.SuperuserConnectionString))
        await using (var copy = new NpgsqlCommand("UPDATE token_cache_entries SET entry_id = @other WHERE tenant_id = @t AND entry_id = @key", superuser))
        {
            copy.Parameters.AddWithValue("other", otherKey);
            copy.Parameters.AddWithValue("t", tenant.Id);
            copy.Parameters.AddWithValue("key", key);
            await copy.ExecuteNonQueryAsync();
        }

        var queue = app.Queue(Core.Scanning.ProcessScanJob.ScanJobOptions.QueueName);
        var message = (await queue.ReceiveMessageAsync()).Value;
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        var requestedBy = (await app.ScanAsync(tenant, scanId)).RequestedBy;
        var sealedOther = app.Host.Services.GetRequiredService<Core.Scanning.ProcessScanJob.ScanJobSessionSeal>().Seal(tenant.Id, scanId, requestedBy, otherKey);
        await queue.SendMessageAsync((Core.Scanning.ProcessScanJob.ScanJob.Parse(message.MessageText)! with { SealedSession = sealedOther }).ToJson());
        Assert.NotEmpty(value);

        await AssertRefusedAsync(tenant, scanId);
    }

    [Fact]
    public async Task Entries_written_under_a_key_that_was_rotated_out_still_decrypt()
    {
        var tenant = await app.AddTenantAsync();
        var scanId = await app.StartScanAsync(tenant);
        var manager = app.Host.Services.GetRequiredService<IKeyManager>();
        var before = manager.GetAllKeys().Count;
        manager.CreateNewKey(DateTimeOffset.UtcNow.AddSeconds(-1), DateTimeOffset.UtcNow.AddDays(30));
        Assert.Equal(before + 1, manager.GetAllKeys().Count);

        await app.DrainAsync();

        Assert.Equal(ScanStatus.Succeeded, (await app.ScanAsync(tenant, scanId)).Status);
    }

    private async Task AssertRefusedAsync(TestTenant tenant, Guid scanId)
    {
        var error = await app.DrainToFailedScanAsync(tenant, scanId);

        Assert.Contains("could not be read safely", error, StringComparison.Ordinal);
        Assert.Contains("start the scan again", error, StringComparison.Ordinal);
        Assert.Empty(app.Emulator.Log.Requests);
        Assert.Empty(await RowsAsync(tenant));
        Assert.Contains(app.Logs.Lines, line => line.Contains("refused and removed", StringComparison.Ordinal) && line.Contains(tenant.Id.ToString(), StringComparison.Ordinal));
        Assert.DoesNotMatch(SecretShapes.JwtShape(), string.Join('\n', app.Logs.Lines));
    }

    private async Task<List<(string Key, byte[] Value)>> RowsAsync(TestTenant tenant)
    {
        await using var superuser = await TenantDatabase.OpenAsync(app.Database.SuperuserConnectionString);
        await using var select = new NpgsqlCommand("SELECT entry_id, protected_value FROM token_cache_entries WHERE tenant_id = @t", superuser);
        select.Parameters.AddWithValue("t", tenant.Id);
        var rows = new List<(string, byte[])>();
        await using var reader = await select.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetFieldValue<byte[]>(1)));
        }

        return rows;
    }

    private async Task SetValueAsync(TestTenant tenant, Func<byte[], byte[]> change)
    {
        var (key, value) = Assert.Single(await RowsAsync(tenant));
        await using var superuser = await TenantDatabase.OpenAsync(app.Database.SuperuserConnectionString);
        await using var update = new NpgsqlCommand("UPDATE token_cache_entries SET protected_value = @v WHERE tenant_id = @t AND entry_id = @k", superuser);
        update.Parameters.AddWithValue("v", change(value));
        update.Parameters.AddWithValue("t", tenant.Id);
        update.Parameters.AddWithValue("k", key);
        Assert.Equal(1, await update.ExecuteNonQueryAsync());
    }
}

using System.Text;
using IdentityOps.Core.Identity.Sessions;
using IdentityOps.Core.Identity.TokenCache;
using IdentityOps.Core.Trust;
using IdentityOps.Web.Authentication;
using IdentityOps.Web.Testing;

namespace IdentityOps.Security.Tests.TokensEncrypted;

/// <summary>After a real sign-in, the rows the web app wrote (token cache, server session) read raw as a superuser: ciphertext, no token.</summary>
public sealed class WebRowsAtRestTests(WebAuthFixture fixture) : IClassFixture<WebAuthFixture>
{
    private static readonly byte[] DataProtectionHeader = [0x09, 0xF0, 0xC9, 0xF0];

    [Fact]
    [Trait("Claim", TrustClaimIds.TokensEncrypted)]
    public async Task The_admins_graph_token_is_kept_only_as_ciphertext_in_the_postgres_cache_under_oid_dot_tid()
    {
        var tenant = await fixture.AddTenantAsync();
        await using var app = fixture.CreateApp();
        using var browser = app.NewBrowser();

        await app.SignInAsync(browser, tenant.Id, tenant.AdminId);

        var rows = await fixture.SuperuserRowsAsync("SELECT entry_id, protected_value FROM token_cache_entries WHERE tenant_id = @t", ("t", tenant.Id));
        var row = Assert.Single(rows);
        Assert.Equal(TokenCacheKey.ForWebAppUser(tenant.AdminId, tenant.Id), row[0]);
        var value = (byte[])row[1]!;
        Assert.True(value.AsSpan().StartsWith(DataProtectionHeader), "the cache value is not Data Protection ciphertext");
        var asText = Encoding.Latin1.GetString(value);
        Assert.DoesNotContain("eyJ", asText, StringComparison.Ordinal);
        Assert.All(fixture.Entra.IssuedTokens, token => Assert.DoesNotContain(token, asText, StringComparison.Ordinal));
    }

    [Fact]
    [Trait("Claim", TrustClaimIds.SessionCookieIdOnly)]
    [Trait("Claim", TrustClaimIds.TokensEncrypted)]
    public async Task The_session_row_holds_the_ids_hash_and_encrypted_claims_and_no_token()
    {
        var tenant = await fixture.AddTenantAsync();
        await using var app = fixture.CreateApp();
        using var browser = app.NewBrowser();
        await app.SignInAsync(browser, tenant.Id, tenant.AdminId);
        var id = browser.Cookie(ServerSessionOptions.CookieName)!;

        var rows = await fixture.SuperuserRowsAsync("SELECT * FROM server_sessions WHERE tenant_id = @t", ("t", tenant.Id));

        var row = Assert.Single(rows);
        var hash = (byte[])row.Single(c => c is byte[] { Length: 32 })!;
        Assert.Equal(SessionId.Hash(id), hash);
        var everything = string.Join('\n', row.Select(c => c is byte[] bytes ? Encoding.Latin1.GetString(bytes) : Convert.ToString(c, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.DoesNotContain(id, everything, StringComparison.Ordinal);
        Assert.DoesNotContain("eyJ", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("Ada Admin", everything, StringComparison.Ordinal);
        Assert.NotEmpty(fixture.Entra.IssuedTokens);
        Assert.All(fixture.Entra.IssuedTokens, token => Assert.DoesNotContain(token, everything, StringComparison.Ordinal));
        Assert.Contains(row, c => c is byte[] bytes && bytes.AsSpan().StartsWith(DataProtectionHeader));
    }
}

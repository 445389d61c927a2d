using System.Text.Json;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using IdentityOps.Functions.Api.Settings;
using IdentityOps.Functions.Testing;
using IdentityOps.Testing;

namespace IdentityOps.Functions.Tests.Api;

/// <summary>The API twin of the rule settings page: admins name break-glass accounts by UPN, audited; readers only read.</summary>
public sealed class BreakGlassAccountsApiTests(FunctionsApp app) : IClassFixture<FunctionsApp>, IDisposable
{
    private static readonly Guid FirstAccount = Guid.Parse("0000000a-0000-0000-0000-000000000b01");

    public void Dispose() => app.Reset();

    [Fact]
    public async Task An_admin_names_accounts_by_upn_and_the_change_is_audited()
    {
        var tenant = await app.AddTenantAsync();
        await SeedScanAsync(tenant);

        var response = await PutAsync(app.AdminToken(tenant), """{"accounts":["BG1@contoso.onmicrosoft.com"]}""");

        Assert.True(response.Status == 200, $"{response.Status} {response.Body}");
        var listed = JsonDocument.Parse((await app.CallAsync<GetBreakGlassAccountsFunction>(app.ReaderToken(tenant), (f, r) => f.RunAsync(r, CancellationToken.None))).Body).RootElement;
        Assert.Equal(FirstAccount, Assert.Single(listed.EnumerateArray()).GetProperty("objectId").GetGuid());
        Assert.Equal(1, await app.SuperuserScalarAsync("SELECT count(*) FROM audit_events WHERE tenant_id = @t AND action = 'rules.settings-changed'", ("t", tenant.Id)));
    }

    [Fact]
    public async Task A_reader_is_refused_and_an_unknown_user_is_a_400_and_nothing_is_stored()
    {
        var tenant = await app.AddTenantAsync();
        await SeedScanAsync(tenant);

        ApiAuthTests.AssertProblem(await PutAsync(app.ReaderToken(tenant), """{"accounts":["bg1@contoso.onmicrosoft.com"]}"""), 403);
        var unknown = await PutAsync(app.AdminToken(tenant), """{"accounts":["bg1@contoso.onmicrosoft.com","nobody@contoso.onmicrosoft.com"]}""");

        ApiAuthTests.AssertProblem(unknown, 400);
        Assert.Contains("nobody@contoso.onmicrosoft.com", JsonDocument.Parse(unknown.Body).RootElement.GetProperty("errors").GetProperty("accounts")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await app.SuperuserScalarAsync("SELECT count(*) FROM tenant_rule_settings WHERE tenant_id = @t", ("t", tenant.Id)));
    }

    private Task<ApiResponse> PutAsync(string token, string json)
        => app.CallAsync<SetBreakGlassAccountsFunction>(token, (f, r) => f.RunAsync(r, CancellationToken.None), "PUT", json: json);

    private async Task SeedScanAsync(TestTenant tenant)
    {
        await using var db = app.Database.CreateApplicationContext(tenant.Id);
        await db.InTenantTransactionAsync(
            async ct =>
            {
                var scanId = Guid.NewGuid();
                var now = DateTimeOffset.UtcNow;
                db.Scans.Add(new Scan { TenantId = tenant.Id, Id = scanId, RequestedBy = tenant.AdminId, RequestedAt = now, Status = ScanStatus.Succeeded, FinishedAt = now, CollectionCounts = """{"users":1}""" });
                db.Users.Add(new UserRecord { TenantId = tenant.Id, ScanId = scanId, ObjectId = FirstAccount, DisplayName = "Break glass 1", UserPrincipalName = "bg1@contoso.onmicrosoft.com", UserType = "Member", AccountEnabled = true });
                await db.SaveChangesAsync(ct);
            },
            CancellationToken.None);
    }
}

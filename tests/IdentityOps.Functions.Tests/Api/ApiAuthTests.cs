using System.Security.Cryptography;
using System.Text.Json;
using IdentityOps.Core.Lifecycle;
using IdentityOps.Core.Persistence;
using IdentityOps.Functions.Api.Alerts;
using IdentityOps.Functions.Api.Scans;
using IdentityOps.Functions.Testing;
using IdentityOps.Testing.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace IdentityOps.Functions.Tests.Api;

/// <summary>Bearer tokens are real signed JWTs from the local Entra; every refusal is a problem that tells nothing of tokens or other tenants.</summary>
public sealed class ApiAuthTests(FunctionsApp app) : IClassFixture<FunctionsApp>, IDisposable
{
    public void Dispose() => app.Reset();

    [Fact]
    public async Task A_request_without_a_token_is_refused_with_401_problem_details()
    {
        var response = await ListScansAsync(token: null);

        AssertProblem(response, 401);
        Assert.StartsWith("Bearer", response.WwwAuthenticate, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_for_another_audience_is_refused()
    {
        var tenant = await app.AddTenantAsync();
        var token = app.Entra.IssueApiToken(tenant.Id, tenant.AdminId, audience: "api://some-other-api");

        AssertProblem(await ListScansAsync(token), 401, token);
    }

    [Fact]
    public async Task A_token_signed_by_an_unknown_key_is_refused()
    {
        var tenant = await app.AddTenantAsync();
        var token = app.Entra.IssueApiToken(tenant.Id, tenant.AdminId, signWith: new RsaSecurityKey(RSA.Create(2048)) { KeyId = "unknown" });

        AssertProblem(await ListScansAsync(token), 401, token);
    }

    [Fact]
    public async Task A_token_whose_issuer_is_another_tenants_is_refused()
    {
        var tenant = await app.AddTenantAsync();
        var token = app.Entra.IssueApiToken(tenant.Id, tenant.AdminId, issuerTenant: Guid.NewGuid());

        AssertProblem(await ListScansAsync(token), 401, token);
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var tenant = await app.AddTenantAsync();
        var token = app.Entra.IssueApiToken(tenant.Id, tenant.AdminId, lifetime: TimeSpan.FromMinutes(-10));

        AssertProblem(await ListScansAsync(token), 401, token);
    }

    [Fact]
    public async Task A_token_without_the_api_scope_is_refused_with_insufficient_scope()
    {
        var tenant = await app.AddTenantAsync();
        var token = app.Entra.IssueApiToken(tenant.Id, tenant.AdminId, scope: "User.Read");

        var response = await ListScansAsync(token);

        AssertProblem(response, 403, token);
        Assert.Contains("insufficient_scope", response.WwwAuthenticate, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_of_the_tenant_who_is_not_on_the_team_is_refused()
    {
        var tenant = await app.AddTenantAsync();

        AssertProblem(await ListScansAsync(app.Entra.IssueApiToken(tenant.Id, Guid.NewGuid())), 403);
    }

    [Fact]
    public async Task A_reader_reads_but_cannot_start_scans_or_change_alert_settings()
    {
        var tenant = await app.AddTenantAsync();
        var reader = app.ReaderToken(tenant);

        Assert.Equal(200, (await ListScansAsync(reader)).Status);
        Assert.Equal(200, (await app.CallAsync<ListAlertSettingsFunction>(reader, (f, r) => f.RunAsync(r, CancellationToken.None))).Status);

        AssertProblem(await app.CallAsync<StartScanFunction>(reader, (f, r) => f.RunAsync(r, CancellationToken.None), "POST"), 403);
        AssertProblem(await app.CallAsync<CreateAlertSettingFunction>(reader, (f, r) => f.RunAsync(r, CancellationToken.None), "POST", json: AlertJson("x")), 403);
        AssertProblem(await app.CallAsync<UpdateAlertSettingFunction>(reader, (f, r) => f.RunAsync(r, Guid.NewGuid().ToString(), CancellationToken.None), "PUT", json: AlertJson("x")), 403);
        Assert.Equal(0, await app.SuperuserScalarAsync("SELECT count(*) FROM scans WHERE tenant_id = @t", ("t", tenant.Id)));
    }

    [Fact]
    public async Task An_offboarded_tenants_admin_is_refused()
    {
        var tenant = await app.AddTenantAsync();
        await using (var db = app.Database.CreateApplicationContext(tenant.Id))
        {
            await new OffboardTenantCommand(db, TimeProvider.System).OffboardAsync(CancellationToken.None);
        }

        AssertProblem(await ListScansAsync(app.AdminToken(tenant)), 403);
    }

    [Fact]
    public async Task Another_tenants_resource_ids_get_exactly_the_answer_of_ids_that_do_not_exist()
    {
        var owner = await app.AddTenantAsync();
        await owner.AddVerifiedDomainsAsync(app.Database, "example.test");
        var other = await app.AddTenantAsync();
        var ownersScan = await app.StartScanAsync(owner);
        var ownersAlert = JsonDocument.Parse((await app.CallAsync<CreateAlertSettingFunction>(app.AdminToken(owner), (f, r) => f.RunAsync(r, CancellationToken.None), "POST", json: AlertJson("owner's"))).Body)
            .RootElement.GetProperty("id").GetString()!;
        var token = app.AdminToken(other);
        var missing = Guid.NewGuid().ToString();

        foreach (var (foreign, absent) in new[]
        {
            (await GetScanAsync(token, ownersScan.ToString()), await GetScanAsync(token, missing)),
            (await FindingsAsync(token, ownersScan.ToString()), await FindingsAsync(token, missing)),
            (await UpdateAlertAsync(token, ownersAlert), await UpdateAlertAsync(token, missing)),
        })
        {
            AssertProblem(foreign, 404);
            Assert.Equal(absent, foreign);
        }

        // And the owner still sees its own.
        Assert.Equal(200, (await GetScanAsync(app.AdminToken(owner), ownersScan.ToString())).Status);
        Assert.Contains("owner's", (await app.CallAsync<ListAlertSettingsFunction>(app.AdminToken(owner), (f, r) => f.RunAsync(r, CancellationToken.None))).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_query_string_or_body_field_can_name_the_tenant()
    {
        var mine = await app.AddTenantAsync();
        var theirs = await app.AddTenantAsync();
        var theirScan = await app.StartScanAsync(theirs);

        var listed = await app.CallAsync<ListScansFunction>(app.AdminToken(mine), (f, r) => f.RunAsync(r, CancellationToken.None), query: $"?tenantId={theirs.Id}&tid={theirs.Id}");
        Assert.Equal(200, listed.Status);
        Assert.Equal(0, JsonDocument.Parse(listed.Body).RootElement.GetProperty("total").GetInt32());
        Assert.DoesNotContain(theirScan.ToString(), listed.Body, StringComparison.Ordinal);

        var withTenant = AlertJson("sneaky")[..^1] + $",\"tenantId\":\"{theirs.Id}\"}}";
        AssertProblem(await app.CallAsync<CreateAlertSettingFunction>(app.AdminToken(mine), (f, r) => f.RunAsync(r, CancellationToken.None), "POST", json: withTenant), 400);
        Assert.Equal(0, await app.SuperuserScalarAsync("SELECT count(*) FROM alert_configurations WHERE tenant_id = @t", ("t", theirs.Id)));
    }

    [Fact]
    public async Task Bad_input_gets_validation_problem_details_naming_the_field()
    {
        var tenant = await app.AddTenantAsync();
        var token = app.AdminToken(tenant);

        var badId = await GetScanAsync(token, "not-a-guid");
        AssertProblem(badId, 400);
        Assert.True(JsonDocument.Parse(badId.Body).RootElement.GetProperty("errors").TryGetProperty("scanId", out _));

        AssertProblem(await app.CallAsync<ListScansFunction>(token, (f, r) => f.RunAsync(r, CancellationToken.None), query: "?pageSize=100000"), 400);
        AssertProblem(await app.CallAsync<ListScansFunction>(token, (f, r) => f.RunAsync(r, CancellationToken.None), query: "?page=-1"), 400);
        AssertProblem(await app.CallAsync<CreateAlertSettingFunction>(token, (f, r) => f.RunAsync(r, CancellationToken.None), "POST", json: "{not json"), 400);
    }

    private Task<ApiResponse> ListScansAsync(string? token)
        => app.CallAsync<ListScansFunction>(token, (f, r) => f.RunAsync(r, CancellationToken.None));

    private Task<ApiResponse> GetScanAsync(string token, string id)
        => app.CallAsync<GetScanFunction>(token, (f, r) => f.RunAsync(r, id, CancellationToken.None));

    private Task<ApiResponse> FindingsAsync(string token, string id)
        => app.CallAsync<ListFindingsFunction>(token, (f, r) => f.RunAsync(r, id, CancellationToken.None));

    private Task<ApiResponse> UpdateAlertAsync(string token, string id)
        => app.CallAsync<UpdateAlertSettingFunction>(token, (f, r) => f.RunAsync(r, id, CancellationToken.None), "PUT", json: AlertJson("changed"));

    internal static string AlertJson(string name)
        => $$"""{"name":"{{name}}","enabled":true,"triggers":["new-critical-or-high"],"recipients":["secops@example.test"],"schedule":"daily"}""";

    internal static void AssertProblem(ApiResponse response, int status, string? token = null)
    {
        Assert.Equal(status, response.Status);
        Assert.StartsWith("application/problem+json", response.ContentType, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(response.Body);
        Assert.Equal(status, body.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("title").GetString()));
        Assert.DoesNotContain(" at ", response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("eyJ", response.Body, StringComparison.Ordinal);
        if (token is not null)
        {
            Assert.DoesNotContain(token, response.Body, StringComparison.Ordinal);
        }
    }
}

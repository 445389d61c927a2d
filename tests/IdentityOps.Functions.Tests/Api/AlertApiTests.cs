using System.Text.Json;
using IdentityOps.Functions.Api.Alerts;
using IdentityOps.Functions.Testing;

namespace IdentityOps.Functions.Tests.Api;

public sealed class AlertApiTests(FunctionsApp app) : IClassFixture<FunctionsApp>, IDisposable
{
    public void Dispose() => app.Reset();

    [Fact]
    public async Task An_admin_creates_reads_and_changes_alert_settings_and_each_change_is_audited()
    {
        var tenant = await app.AddTenantAsync();
        await tenant.AddVerifiedDomainsAsync(app.Database, "example.test");
        var admin = app.AdminToken(tenant);

        var created = await app.CallAsync<CreateAlertSettingFunction>(admin, (f, r) => f.RunAsync(r, CancellationToken.None), "POST", json: ApiAuthTests.AlertJson("Weekly digest"));
        Assert.Equal(201, created.Status);
        var id = JsonDocument.Parse(created.Body).RootElement.GetProperty("id").GetString()!;

        var changed = await app.CallAsync<UpdateAlertSettingFunction>(
            admin,
            (f, r) => f.RunAsync(r, id, CancellationToken.None),
            "PUT",
            json: """{"name":"Weekly digest","enabled":false,"triggers":["new-critical-or-high","secrets-expiring:30"],"recipients":["ciso@example.test","soc@example.test"],"schedule":"weekly"}""");
        Assert.Equal(200, changed.Status);

        var listed = JsonDocument.Parse((await app.CallAsync<ListAlertSettingsFunction>(app.ReaderToken(tenant), (f, r) => f.RunAsync(r, CancellationToken.None))).Body).RootElement;
        var alert = Assert.Single(listed.EnumerateArray());
        Assert.Equal((id, false, "weekly"), (alert.GetProperty("id").GetString(), alert.GetProperty("enabled").GetBoolean(), alert.GetProperty("schedule").GetString()));
        Assert.Equal(["ciso@example.test", "soc@example.test"], alert.GetProperty("recipients").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(2, await app.SuperuserScalarAsync("SELECT count(*) FROM audit_events WHERE tenant_id = @t AND action IN ('alerts.created', 'alerts.changed')", ("t", tenant.Id)));
    }

    [Fact]
    public async Task Invalid_settings_are_refused_field_by_field_and_nothing_is_saved()
    {
        var tenant = await app.AddTenantAsync();

        var response = await app.CallAsync<CreateAlertSettingFunction>(
            app.AdminToken(tenant),
            (f, r) => f.RunAsync(r, CancellationToken.None),
            "POST",
            json: """{"name":"","enabled":true,"triggers":["has space"],"recipients":["Eve <eve@example.test>"],"schedule":"hourly"}""");

        ApiAuthTests.AssertProblem(response, 400);
        var errors = JsonDocument.Parse(response.Body).RootElement.GetProperty("errors");
        Assert.Equal(["name", "recipients", "schedule", "triggers"], errors.EnumerateObject().Select(e => e.Name).Order());
        Assert.Equal(0, await app.SuperuserScalarAsync("SELECT count(*) FROM alert_configurations WHERE tenant_id = @t", ("t", tenant.Id)));
    }
}

using IdentityOps.Core.Trust;
using System.Text.Json;
using IdentityOps.Core.Alerts.SaveAlertConfiguration;
using IdentityOps.Functions.Api.Alerts;
using IdentityOps.Functions.Testing;
using IdentityOps.Testing;
using Microsoft.Extensions.Hosting;

namespace IdentityOps.Security.Tests.AlertRecipients;

/// <summary>
/// Alerts are not a relay: an alert configuration may name only addresses in the organization's verified
/// domains (or their subdomains), and a tenant may have only so many configurations. Each refusal names
/// its reason in the field's problem, and nothing is saved.
/// </summary>
// Claim: outbound alerts go only to the tenant's own domains, within quotas (the outbound-delivery claim).
[Trait("Claim", TrustClaimIds.SignedWebhooks)]
public sealed class VerifiedDomainRecipientsTests(FunctionsApp app) : IClassFixture<FunctionsApp>, IDisposable
{
    public void Dispose() => app.Reset();

    [Fact]
    public async Task An_address_outside_the_verified_domains_is_refused_with_a_clear_message_and_nothing_is_saved()
    {
        var tenant = await app.AddTenantAsync();

        // Before any scan has read the domains, no recipient can be checked, so none is accepted.
        var unknown = await CreateAsync(tenant, "soc@contoso.example");
        Assert.Equal(400, unknown.Status);
        Assert.Contains("Run a scan, then save again", RecipientsProblem(unknown), StringComparison.Ordinal);

        await tenant.AddVerifiedDomainsAsync(app.Database, "contoso.example", "contoso.onmicrosoft.example");
        var outside = await CreateAsync(tenant, "soc@contoso.example", "target@victim.example", "x@notcontoso.example");
        Assert.Equal(400, outside.Status);
        var message = RecipientsProblem(outside);
        Assert.Contains("verified domains (contoso.example, contoso.onmicrosoft.example)", message, StringComparison.Ordinal);
        Assert.Contains("Not allowed: target@victim.example, x@notcontoso.example.", message, StringComparison.Ordinal);
        Assert.Equal(0, await app.SuperuserScalarAsync("SELECT count(*) FROM alert_configurations WHERE tenant_id = @t", ("t", tenant.Id)));

        // A verified domain, in any case, and its subdomains are accepted.
        var inside = await CreateAsync(tenant, "soc@Contoso.example", "alerts@mail.contoso.example");
        Assert.Equal(201, inside.Status);
        Assert.Equal(1, await app.SuperuserScalarAsync("SELECT count(*) FROM alert_configurations WHERE tenant_id = @t", ("t", tenant.Id)));
    }

    [Fact]
    public async Task A_configuration_beyond_the_tenants_limit_is_refused()
    {
        var configuration = app.Configuration();
        configuration["Alerts:Quotas:MaxConfigurationsPerTenant"] = "2";
        using var host = app.Build(configuration);
        var tenant = await app.AddTenantAsync();
        await tenant.AddVerifiedDomainsAsync(app.Database, "contoso.example");

        Assert.Equal(201, (await CreateAsync(tenant, host, "a@contoso.example")).Status);
        Assert.Equal(201, (await CreateAsync(tenant, host, "b@contoso.example")).Status);
        var third = await CreateAsync(tenant, host, "c@contoso.example");

        Assert.Equal(400, third.Status);
        var problem = JsonDocument.Parse(third.Body).RootElement.GetProperty("errors").GetProperty(SaveAlertConfigurationCommand.AlertErrorKey)[0].GetString();
        Assert.Equal("An organization may have up to 2 alert configurations; change or remove one instead.", problem);
        Assert.Equal(2, await app.SuperuserScalarAsync("SELECT count(*) FROM alert_configurations WHERE tenant_id = @t", ("t", tenant.Id)));
    }

    private Task<ApiResponse> CreateAsync(TestTenant tenant, params string[] recipients) => CreateAsync(tenant, null, recipients);

    private Task<ApiResponse> CreateAsync(TestTenant tenant, IHost? host, params string[] recipients)
        => app.CallAsync<CreateAlertSettingFunction>(
            app.AdminToken(tenant),
            (f, r) => f.RunAsync(r, CancellationToken.None),
            "POST",
            json: JsonSerializer.Serialize(new { name = "Digest", enabled = true, triggers = new[] { "new-critical-or-high" }, recipients, schedule = "daily" }),
            host: host);

    private static string RecipientsProblem(ApiResponse response)
        => JsonDocument.Parse(response.Body).RootElement.GetProperty("errors").GetProperty("recipients")[0].GetString()!;
}

using IdentityOps.Core.Persistence;
using IdentityOps.Core.Scanning.ApplicationRemoved;
using IdentityOps.Core.Tenancy;
using IdentityOps.Core.Trust;
using IdentityOps.Functions.Testing;
using IdentityOps.Testing;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Security.Tests.Offboarding;

/// <summary>
/// AADSTS700016 ("application not found in the directory") is also what every tenant answers when IdentityOps' own
/// client id is wrong, so one answer never offboards: only answers repeated over at least a day do, a success in
/// between starts the count again, and the offboarding the system starts is written to the tenant's audit chain.
/// Time passes by moving the stored first answer back, not by waiting.
/// </summary>
[Trait("Claim", TrustClaimIds.Offboarding)]
public sealed class ApplicationRemovedTests(FunctionsApp app) : IClassFixture<FunctionsApp>, IDisposable
{
    public void Dispose()
    {
        app.Reset();
        app.Entra.GraphTokenLifetime = TimeSpan.FromHours(1);
    }

    [Fact]
    public async Task One_application_not_found_answer_fails_the_scan_with_an_explanation_and_does_not_offboard()
    {
        var tenant = await app.AddTenantAsync();

        // A scan started while the application answers, then run after it is gone: the worker's token refresh gets AADSTS700016.
        app.Entra.GraphTokenLifetime = TimeSpan.FromMinutes(2); // inside MSAL's 5-minute margin: the worker must refresh
        var scanId = await app.StartScanAsync(tenant);
        app.Entra.RemoveApplication(tenant.Id);
        var error = await app.DrainToFailedScanAsync(tenant, scanId);

        Assert.Contains("AADSTS700016", error, StringComparison.Ordinal);
        Assert.Contains($"{ConfirmApplicationRemovedCommand.FailuresToOffboard} times over at least 24 hours", error, StringComparison.Ordinal);
        Assert.Equal(TenantStatus.Active, await StatusAsync(tenant));
        Assert.Equal(0, await OffboardingEventsAsync(tenant));
    }

    [Fact]
    public async Task Answers_repeated_over_a_day_offboard_once_and_write_one_system_audit_event()
    {
        var tenant = await app.AddTenantAsync();

        // Three answers within minutes are not enough: the span matters, not only the count.
        await FailOnceAsync(tenant);
        await FailOnceAsync(tenant);
        await FailOnceAsync(tenant);
        Assert.Equal(TenantStatus.Active, await StatusAsync(tenant));

        await MoveFirstAnswerBackAsync(tenant, TimeSpan.FromHours(25));
        var error = await FailOnceAsync(tenant);

        Assert.Contains("enterprise application is no longer in your tenant", error, StringComparison.Ordinal);
        Assert.Equal(TenantStatus.Offboarding, await StatusAsync(tenant));
        Assert.Equal(1, await OffboardingEventsAsync(tenant));

        // Another attempt after offboarding adds nothing to the chain.
        await StartAsync(tenant);
        await app.DrainAsync();
        Assert.Equal(1, await OffboardingEventsAsync(tenant));
    }

    [Fact]
    public async Task A_success_between_answers_starts_the_count_again()
    {
        var tenant = await app.AddTenantAsync();
        await FailOnceAsync(tenant);
        await FailOnceAsync(tenant);
        await MoveFirstAnswerBackAsync(tenant, TimeSpan.FromHours(25));

        // The application answers again (it was never removed): the scan succeeds.
        app.Entra.RestoreApplication(tenant.Id);
        var scanId = await app.StartScanAsync(tenant);
        Assert.All(await app.DrainAsync(), d => Assert.Null(d.Error));
        var scan = await app.ScanAsync(tenant, scanId);
        Assert.True(scan.Status == Core.Inventory.ScanStatus.Succeeded, scan.Error);

        // Two more answers, the first of them a day old: without the reset this would be four over more than a day.
        await FailOnceAsync(tenant);
        await MoveFirstAnswerBackAsync(tenant, TimeSpan.FromHours(25));
        await FailOnceAsync(tenant);

        Assert.Equal(TenantStatus.Active, await StatusAsync(tenant));
        Assert.Equal(2, await app.SuperuserScalarAsync("SELECT application_not_found_count FROM tenants WHERE id = @t", ("t", tenant.Id)));
        Assert.Equal(0, await OffboardingEventsAsync(tenant));
    }

    /// <summary>
    /// An admin starts a scan while the application is gone: the on-behalf-of exchange gets AADSTS700016 and the API
    /// answers 409 with the explanation. (Each answer must come without a success in between, which resets the count.)
    /// </summary>
    private async Task<string> FailOnceAsync(TestTenant tenant)
    {
        app.Entra.RemoveApplication(tenant.Id);
        var refused = await StartAsync(tenant);
        Assert.True(refused.Status == 409, $"start answered {refused.Status}: {refused.Body}");
        Assert.Empty(await app.DrainAsync());
        return refused.Body;
    }

    private Task<ApiResponse> StartAsync(TestTenant tenant)
        => app.CallAsync<Functions.Api.Scans.StartScanFunction>(app.AdminToken(tenant), (f, r) => f.RunAsync(r, CancellationToken.None), "POST", "/api/scans");

    private Task<long> MoveFirstAnswerBackAsync(TestTenant tenant, TimeSpan by)
        => app.SuperuserScalarAsync(
            "UPDATE tenants SET application_not_found_since = application_not_found_since - make_interval(secs => @by) WHERE id = @t RETURNING 1",
            ("by", by.TotalSeconds), ("t", tenant.Id));

    private Task<long> OffboardingEventsAsync(TestTenant tenant)
        => app.SuperuserScalarAsync(
            "SELECT count(*) FROM audit_events WHERE tenant_id = @t AND action = 'tenant.offboarded' AND actor = @actor",
            ("t", tenant.Id), ("actor", ConfirmApplicationRemovedCommand.SystemActor));

    private async Task<TenantStatus> StatusAsync(TestTenant tenant)
    {
        await using var db = app.Database.CreateApplicationContext(tenant.Id);
        return await db.InTenantTransactionAsync(ct => db.Tenants.Select(t => t.Status).SingleAsync(ct), CancellationToken.None);
    }
}

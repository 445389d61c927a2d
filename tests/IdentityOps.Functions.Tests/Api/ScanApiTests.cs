using System.Security.Claims;
using System.Text.Json;
using IdentityOps.Core.Findings;
using IdentityOps.Core.Identity.DelegatedSessions;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Scanning.ProcessScanJob;
using IdentityOps.Functions.Api.Scans;
using IdentityOps.Functions.Testing;
using IdentityOps.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace IdentityOps.Functions.Tests.Api;

public sealed partial class ScanApiTests(FunctionsApp app) : IClassFixture<FunctionsApp>, IDisposable
{
    public void Dispose() => app.Reset();

    [Fact]
    public async Task Starting_a_scan_queues_a_message_with_only_the_tenant_the_scan_and_the_sealed_session_key()
    {
        var tenant = await app.AddTenantAsync();

        var scanId = await app.StartScanAsync(tenant);

        var queue = app.Queue(ScanJobOptions.QueueName);
        var messages = (await queue.PeekMessagesAsync(32)).Value.Select(m => m.MessageText).ToList();
        var message = Assert.Single(messages, m => m.Contains(scanId.ToString(), StringComparison.Ordinal));
        using var json = JsonDocument.Parse(message);
        Assert.Equal(["tenantId", "scanId", "sealedSession"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(tenant.Id, json.RootElement.GetProperty("tenantId").GetGuid());
        Assert.DoesNotContain(tenant.Id.ToString("D") + ":", message, StringComparison.Ordinal);
        Assert.DoesNotMatch(SecretShapes.JwtShape(), message);
        Assert.All(app.Entra.IssuedTokens, token => Assert.DoesNotContain(token, message, StringComparison.Ordinal));
        Assert.Equal(ScanStatus.Queued, (await app.ScanAsync(tenant, scanId)).Status);
    }

    [Fact]
    public async Task A_second_start_answers_with_the_active_scan()
    {
        var tenant = await app.AddTenantAsync();
        var first = await app.StartScanAsync(tenant);

        var second = await app.CallAsync<StartScanFunction>(app.AdminToken(tenant), (f, r) => f.RunAsync(r, CancellationToken.None), "POST");

        Assert.Equal(200, second.Status);
        Assert.Equal(first, JsonDocument.Parse(second.Body).RootElement.GetProperty("id").GetGuid());
        Assert.Equal("Queued", JsonDocument.Parse(second.Body).RootElement.GetProperty("status").GetString());
        Assert.Equal(1, await app.SuperuserScalarAsync("SELECT count(*) FROM scans WHERE tenant_id = @t", ("t", tenant.Id)));
    }

    [Fact]
    public async Task A_concurrent_start_that_slips_past_the_check_is_stopped_by_the_database_and_answered_with_the_winner()
    {
        var tenant = await app.AddTenantAsync();
        var winner = Guid.NewGuid();
        var racer = new RacingSessions(app, tenant, winner);
        using var host = app.Build(app.Configuration(), services => services.AddScoped<IDelegatedSessions>(_ => racer));

        var response = await app.CallAsync<StartScanFunction>(app.AdminToken(tenant), (f, r) => f.RunAsync(r, CancellationToken.None), "POST", host: host);

        Assert.Equal(200, response.Status);
        Assert.Equal(winner, JsonDocument.Parse(response.Body).RootElement.GetProperty("id").GetGuid());
        Assert.Equal(1, await app.SuperuserScalarAsync("SELECT count(*) FROM scans WHERE tenant_id = @t", ("t", tenant.Id)));
        Assert.Equal([RacingSessions.Key(tenant)], racer.Ended);
    }

    [Fact]
    public async Task The_database_refuses_a_second_active_scan_of_a_tenant()
    {
        var tenant = await app.AddTenantAsync();
        await using var db = app.Database.CreateApplicationContext(tenant.Id);
        await db.InTenantTransactionAsync(
            async ct =>
            {
                db.Scans.Add(new Scan { TenantId = tenant.Id, Id = Guid.NewGuid(), RequestedBy = tenant.AdminId, RequestedAt = DateTimeOffset.UtcNow, Status = ScanStatus.Running });
                db.Scans.Add(new Scan { TenantId = tenant.Id, Id = Guid.NewGuid(), RequestedBy = tenant.AdminId, RequestedAt = DateTimeOffset.UtcNow, Status = ScanStatus.Succeeded });
                await db.SaveChangesAsync(ct);
            },
            CancellationToken.None);

        db.ChangeTracker.Clear();
        var error = await Assert.ThrowsAsync<DbUpdateException>(() => db.InTenantTransactionAsync(
            async ct =>
            {
                db.Scans.Add(new Scan { TenantId = tenant.Id, Id = Guid.NewGuid(), RequestedBy = tenant.AdminId, RequestedAt = DateTimeOffset.UtcNow });
                await db.SaveChangesAsync(ct);
            },
            CancellationToken.None));

        var postgres = Assert.IsType<PostgresException>(error.InnerException);
        Assert.Equal((PostgresErrorCodes.UniqueViolation, "ux_scans_one_active_per_tenant"), (postgres.SqlState, postgres.ConstraintName));
    }

    [Fact]
    public async Task Scans_and_findings_are_listed_a_page_at_a_time()
    {
        var tenant = await app.AddTenantAsync();
        var scans = Enumerable.Range(0, 3).Select(i => new Scan
        {
            TenantId = tenant.Id,
            Id = Guid.NewGuid(),
            RequestedBy = tenant.AdminId,
            RequestedAt = DateTimeOffset.UtcNow.AddHours(-i),
            Status = ScanStatus.Succeeded,
        }).ToList();
        await using (var db = app.Database.CreateApplicationContext(tenant.Id))
        {
            await db.InTenantTransactionAsync(
                async ct =>
                {
                    db.Scans.AddRange(scans);
                    db.Findings.AddRange(FunctionsApp.NumberedFindings(tenant.Id, scans[0].Id, 5));
                    await db.SaveChangesAsync(ct);
                },
                CancellationToken.None);
        }

        var token = app.ReaderToken(tenant);
        var page = JsonDocument.Parse((await app.CallAsync<ListScansFunction>(token, (f, r) => f.RunAsync(r, CancellationToken.None), query: "?page=2&pageSize=2")).Body).RootElement;
        Assert.Equal((3, 2, 2), (page.GetProperty("total").GetInt32(), page.GetProperty("number").GetInt32(), page.GetProperty("size").GetInt32()));
        Assert.Equal(scans[2].Id, Assert.Single(page.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());

        var findings = JsonDocument.Parse((await app.CallAsync<ListFindingsFunction>(token, (f, r) => f.RunAsync(r, scans[0].Id.ToString(), CancellationToken.None), query: "?pageSize=2")).Body).RootElement;
        Assert.Equal(5, findings.GetProperty("total").GetInt32());
        Assert.Equal(["APP-004", "APP-003"], findings.GetProperty("items").EnumerateArray().Select(f => f.GetProperty("ruleId").GetString()));
        Assert.Equal(4, findings.GetProperty("items")[0].GetProperty("evidence").GetProperty("score").GetInt32());

        var empty = JsonDocument.Parse((await app.CallAsync<ListFindingsFunction>(token, (f, r) => f.RunAsync(r, scans[1].Id.ToString(), CancellationToken.None))).Body).RootElement;
        Assert.Equal(0, empty.GetProperty("total").GetInt32());
    }


    /// <summary>Starts no real session; while "starting" one, another request queues a scan of the same tenant.</summary>
    private sealed class RacingSessions(FunctionsApp app, TestTenant tenant, Guid winner) : IDelegatedSessions
    {
        public List<string> Ended { get; } = [];

        public static string Key(TestTenant tenant) => $"{tenant.Id:D}:{new string('A', 43)}";

        public async Task<string> StartAsync(Guid tenantId, ClaimsPrincipal caller, CancellationToken cancellationToken)
        {
            await using var db = app.Database.CreateApplicationContext(tenant.Id);
            await db.InTenantTransactionAsync(
                async ct =>
                {
                    db.Scans.Add(new Scan { TenantId = tenant.Id, Id = winner, RequestedBy = tenant.ReaderId, RequestedAt = DateTimeOffset.UtcNow });
                    await db.SaveChangesAsync(ct);
                },
                cancellationToken);
            return Key(tenant);
        }

        public Task EndAsync(string sessionKey, CancellationToken cancellationToken)
        {
            Ended.Add(sessionKey);
            return Task.CompletedTask;
        }
    }
}

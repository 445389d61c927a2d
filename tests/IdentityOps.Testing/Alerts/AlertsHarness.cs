using System.Globalization;
using System.Net;
using IdentityOps.Core.Alerts;
using IdentityOps.Core.Alerts.Outbox;
using IdentityOps.Core.Alerts.Webhooks;
using IdentityOps.Core.Findings;
using IdentityOps.Core.Identity.TokenCache;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Tenancy;
using IdentityOps.Testing.Identity;
using IdentityOps.Testing.Outbound;
using IdentityOps.Testing.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace IdentityOps.Testing.Alerts;

/// <summary>
/// A migrated database, a real SMTP server (MailDev) on loopback and a key ring, for one test class.
/// Each test builds its own service provider (its own clock, and a sender or transport of its own when
/// it plays a crash or a receiver) through the same <c>AddAlerts()</c> a host calls. Shared by Core.Tests'
/// alert tests and the Security suite's alert quotas.
/// </summary>
public sealed class AlertsHarness : IAsyncLifetime
{
    /// <summary>Thursday 2026-11-26, 07:30 UTC: half an hour after a daily digest's default send hour.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 26, 7, 30, 0, TimeSpan.Zero);

    public const string PublicBaseUrl = "https://identityops.test";

    private readonly string workspace = Directory.CreateTempSubdirectory("alerts-").FullName;

    public TenantDatabase Database { get; } = new();

    public LocalSmtpServer Smtp { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        Smtp = await LocalSmtpServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Smtp.DisposeAsync();
        await Database.DisposeAsync();
        Directory.Delete(workspace, recursive: true);
    }

    public ServiceProvider Services(FakeTimeProvider clock, int? smtpPort = null, Action<IServiceCollection>? configure = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Database:ApplicationConnectionString"] = Database.Provisioned.ApplicationConnectionString,
            ["Database:SchedulerConnectionString"] = Database.Provisioned.SchedulerConnectionString,
            ["Alerts:PublicBaseUrl"] = PublicBaseUrl,
            ["Alerts:FromAddress"] = "alerts@identityops.test",
            ["Alerts:Smtp:Host"] = "127.0.0.1",
            ["Alerts:Smtp:Port"] = (smtpPort ?? Smtp.SmtpPort).ToString(CultureInfo.InvariantCulture),
            ["Alerts:Smtp:Security"] = "None",
            ["Alerts:Smtp:Timeout"] = "00:00:05",
        };
        foreach (var (name, value) in TestKeyRing.Configuration(workspace))
        {
            settings[name] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddPersistence();
        services.AddTokenProtection(configuration);
        services.AddAlerts();
        services.AddSingleton<TimeProvider>(clock);

        // No name resolves here unless a test says so: webhooks of these tests never leave the machine.
        services.AddSingleton<IOutboundDnsResolver>(new TestResolver(new Dictionary<string, IPAddress[]>()));
        configure?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    /// <summary>
    /// A tenant as two scans left it: the earlier one scored 80, the latest (finished at
    /// <paramref name="latestFinishedAt"/>) scored 60 with a new critical and a new high finding and a
    /// client secret ending in 10 days; and one alert configuration with the given schedule and triggers.
    /// With <paramref name="verifiedDomains"/>, the latest scan also recorded the organization's verified domains
    /// (as core/Graph's OrganizationReader does); without, no scan has read them.
    /// </summary>
    public async Task<SeededTenant> SeedAsync(string displayName, string[] recipients, string schedule, string[] triggers, DateTimeOffset latestFinishedAt, string? latestError = null, string[]? verifiedDomains = null)
    {
        var tenant = new SeededTenant(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await using var db = Database.CreateApplicationContext(tenant.Id);
        await db.InTenantTransactionAsync(
            async ct =>
            {
                var appId = Guid.NewGuid();
                db.Tenants.Add(new Tenant { Id = tenant.Id, DisplayName = displayName, CreatedAt = Now.AddDays(-30) });
                db.Scans.Add(new Scan { TenantId = tenant.Id, Id = tenant.PreviousScanId, RequestedBy = tenant.AdminId, RequestedAt = Now.AddDays(-8), FinishedAt = Now.AddDays(-8), Status = ScanStatus.Succeeded, TenantScore = 80 });
                db.Scans.Add(new Scan
                {
                    TenantId = tenant.Id, Id = tenant.LatestScanId, RequestedBy = tenant.AdminId, RequestedAt = latestFinishedAt.AddMinutes(-5), FinishedAt = latestFinishedAt,
                    Status = latestError is null ? ScanStatus.Succeeded : ScanStatus.Failed, TenantScore = latestError is null ? 60 : null, Error = latestError,
                });
                db.Findings.Add(Finding(tenant, tenant.PreviousScanId, "high", "app-old-high", "kept-object"));
                if (latestError is null)
                {
                    db.Findings.Add(Finding(tenant, tenant.LatestScanId, "high", "app-old-high", "kept-object"));
                    db.Findings.Add(Finding(tenant, tenant.LatestScanId, "critical", "app-tier0-permission", "Payroll <b>sync</b>"));
                    db.Findings.Add(Finding(tenant, tenant.LatestScanId, "high", "grant-user-consent-offline-mail", "Mail reader"));
                    db.Findings.Add(Finding(tenant, tenant.LatestScanId, "low", "app-low", "ignored"));
                    var objectId = Guid.NewGuid();
                    db.Applications.Add(new ApplicationRecord { TenantId = tenant.Id, ScanId = tenant.LatestScanId, ObjectId = objectId, AppId = appId, DisplayName = "Payroll\u202Egnp.exe" });
                    db.Credentials.Add(new CredentialRecord { TenantId = tenant.Id, ScanId = tenant.LatestScanId, OwnerObjectId = objectId, CredentialId = Guid.NewGuid(), OwnerKind = CredentialOwnerKind.Application, Kind = CredentialKind.Password, EndsAt = Now.AddDays(10) });
                }

                if (verifiedDomains is not null)
                {
                    db.TenantPolicies.Add(new TenantPolicyRecord { TenantId = tenant.Id, ScanId = tenant.LatestScanId, Kind = "organization", PolicyId = tenant.Id.ToString("D"), Settings = System.Text.Json.JsonSerializer.Serialize(new { verifiedDomains }) });
                }

                db.AlertConfigurations.Add(new AlertConfiguration { TenantId = tenant.Id, Id = tenant.AlertId, Name = "SecOps digest", Schedule = schedule, Triggers = triggers, Recipients = recipients, UpdatedAt = Now.AddDays(-20) });
                await db.SaveChangesAsync(ct);
            },
            CancellationToken.None);
        return tenant;
    }

    public async Task<List<AlertDelivery>> DeliveriesAsync(Guid tenantId)
    {
        await using var db = Database.CreateApplicationContext(tenantId);
        return await db.InTenantTransactionAsync(ct => db.AlertDeliveries.AsNoTracking().OrderBy(d => d.Recipient).ThenBy(d => d.Period).ToListAsync(ct), CancellationToken.None);
    }

    public async Task<IReadOnlyList<ReceivedMail>> MessagesToAsync(string recipient)
        => [.. (await Smtp.MessagesAsync()).Where(m => m.To.Contains(recipient, StringComparer.OrdinalIgnoreCase))];

    private static Finding Finding(SeededTenant tenant, Guid scanId, string severity, string ruleId, string objectName) => new()
    {
        TenantId = tenant.Id, ScanId = scanId, Id = Guid.NewGuid(), RuleId = ruleId, Severity = severity, Category = "applications", ObjectType = "application",
        ObjectId = objectName.ToUpperInvariant(), ObjectDisplayName = objectName, Evidence = "{}", Explanation = $"{objectName} is exposed", Remediation = "fix it",
    };
}

public sealed record SeededTenant(Guid Id, Guid AdminId, Guid LatestScanId, Guid AlertId)
{
    public Guid PreviousScanId { get; } = Guid.NewGuid();
}

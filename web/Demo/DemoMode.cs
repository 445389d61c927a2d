using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using IdentityOps.Core.Graph;
using IdentityOps.Core.Identity;
using IdentityOps.Core.Identity.DelegatedSessions;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Tenancy;
using IdentityOps.Emulator;
using IdentityOps.Emulator.Snapshot;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Web.Demo;

/// <summary>The local demo. Bound from <c>Demo</c>; unset in every deployment.</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>An admin connection to a local PostgreSQL; the demo provisions its own database with it.</summary>
    public string? AdminConnectionString { get; set; }

    /// <summary>The sample tenant as Graph response bodies (<c>IdentityOps.Cli sample-tenant --out DIR</c>), served by the Graph emulator.</summary>
    [Required]
    public string SampleTenantDirectory { get; set; } = string.Empty;
}

/// <summary>Who the demo signs in as: an admin of the sample tenant, with no Entra account behind it.</summary>
public sealed record DemoIdentity(Guid TenantId, Guid AdminObjectId, string AdminName)
{
    public static readonly Guid DemoAdminObjectId = new("d3300000-0000-4000-8000-000000000001");

    public ClaimsPrincipal ToPrincipal(string authenticationType)
        => new(new ClaimsIdentity(
            [
                new Claim(Microsoft.Identity.Web.ClaimConstants.TenantId, TenantId.ToString("D")),
                new Claim(Microsoft.Identity.Web.ClaimConstants.ObjectId, AdminObjectId.ToString("D")),
                new Claim(Microsoft.Identity.Web.ClaimConstants.Name, AdminName),
            ],
            authenticationType,
            Microsoft.Identity.Web.ClaimConstants.Name,
            ClaimTypes.Role));
}

/// <summary>
/// Graph for the demo: the sample tenant through the Graph emulator (same SDK pipeline, read-only
/// guard and retries), and a stand-in "session" with no token behind it, because the emulator is
/// local data and no Entra sign-in exists. Registered only in demo mode.
/// </summary>
public sealed class DemoGraphSessions : IDelegatedSessions, IDelegatedGraphTokens
{
    public Task<string> StartAsync(Guid tenantId, ClaimsPrincipal caller, CancellationToken cancellationToken) => Task.FromResult($"demo:{tenantId:D}");

    public Task EndAsync(string sessionKey, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<string> GetAccessTokenAsync(Guid tenantId, string sessionKey, CancellationToken cancellationToken) => Task.FromResult("demo-sample-tenant");
}

public static class DemoModeExtensions
{
    /// <summary>True when the host runs as the local demo (the demo database is configured).</summary>
    public static bool IsDemo(this IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[$"{DemoOptions.Section}:{nameof(DemoOptions.AdminConnectionString)}"]);

    /// <summary>
    /// The sample tenant's emulator, the demo's delegated sessions (in place of the signed-in user's)
    /// and the demo identity. The demo admin is put on the sample
    /// tenant's team at start-up (the snapshot scan that <c>./build.sh demo</c> runs created the tenant).
    /// </summary>
    public static async Task AddDemoGraphAsync(this WebApplicationBuilder builder)
    {
        var directory = builder.Configuration[$"{DemoOptions.Section}:{nameof(DemoOptions.SampleTenantDirectory)}"];
        if (string.IsNullOrWhiteSpace(directory))
        {
            throw new InvalidOperationException("Demo mode needs Demo:SampleTenantDirectory (./build.sh demo sets it).");
        }

        var tenantId = await SnapshotScanCommand.ReadTenantIdAsync(directory, CancellationToken.None);
        var sample = await EmulatedTenant.LoadFolderAsync(directory, CancellationToken.None);
        builder.Services.AddSingleton(new DemoIdentity(tenantId, DemoIdentity.DemoAdminObjectId, "Demo Admin"));
        builder.Services.AddSingleton(sp => new GraphTransport(() => new GraphEmulator(sample, new GraphEmulatorOptions(), sp.GetRequiredService<TimeProvider>())));
        builder.Services.AddDelegatedSessions<DemoGraphSessions>();
        builder.Services.AddHostedService<DemoTeamSeeder>();
    }
}

/// <summary>Puts the demo admin on the sample tenant's team, once.</summary>
internal sealed class DemoTeamSeeder(IServiceScopeFactory scopes, DemoIdentity demo, TimeProvider time) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(demo.TenantId);
        var db = scope.ServiceProvider.GetRequiredService<IdentityOpsDbContext>();
        await db.InTenantTransactionAsync(
            async ct =>
            {
                if (!await db.Tenants.AnyAsync(ct) || await db.TeamMembers.AnyAsync(m => m.UserObjectId == demo.AdminObjectId, ct))
                {
                    return;
                }

                db.TeamMembers.Add(new TeamMember { TenantId = demo.TenantId, UserObjectId = demo.AdminObjectId, DisplayName = demo.AdminName, Role = TeamRole.Admin, AddedAt = time.GetUtcNow() });
                await db.SaveChangesAsync(ct);
            },
            cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

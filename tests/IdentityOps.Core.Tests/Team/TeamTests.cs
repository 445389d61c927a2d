using IdentityOps.Core.Audit;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Team;
using IdentityOps.Core.Tenancy;
using IdentityOps.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace IdentityOps.Core.Tests.Team;

/// <summary>The team: people of the organisation (as the latest scan knows them), never left without an admin, every change audited.</summary>
public sealed class TeamTests : IAsyncLifetime
{
    private readonly TenantDatabase database = new();
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly Guid tenant = Guid.NewGuid();
    private readonly Guid other = Guid.NewGuid();
    private readonly Guid ciso = Guid.NewGuid();
    private Guid admin;

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        var scanId = await TenantDataSeeder.SeedAsync(database, tenant, "mine");
        await TenantDataSeeder.SeedAsync(database, other, "theirs");
        await using var db = database.CreateApplicationContext(tenant);
        admin = await db.InTenantTransactionAsync(
            async ct =>
            {
                db.Users.Add(new UserRecord { TenantId = tenant, ScanId = scanId, ObjectId = ciso, DisplayName = "Chief Security", UserPrincipalName = "ciso@mine.example", AccountEnabled = true });
                await db.SaveChangesAsync(ct);
                return await db.TeamMembers.Select(m => m.UserObjectId).SingleAsync(ct);
            },
            CancellationToken.None);
    }

    public Task DisposeAsync() => database.DisposeAsync();

    [Fact]
    public async Task A_user_of_the_latest_scan_is_added_by_user_principal_name_and_the_change_is_audited()
    {
        Assert.Equal(TeamChangeOutcome.Done, await AddAsync("CISO@mine.example", TeamRole.Reader));

        await using var db = database.CreateApplicationContext(tenant);
        var members = await new ListTeamQuery(db).ListAsync(new ListTeamRequest(tenant), CancellationToken.None);
        Assert.Contains(members, m => m.UserObjectId == ciso && m.Role == TeamRole.Reader && m.DisplayName == "Chief Security");
        var actions = await db.InTenantTransactionAsync(ct => db.AuditEvents.Select(e => e.Action).ToListAsync(ct), CancellationToken.None);
        Assert.Contains("team.member-set", actions);
    }

    [Fact]
    public async Task Unknown_names_and_like_wildcards_match_nobody()
    {
        Assert.Equal(TeamChangeOutcome.UnknownUser, await AddAsync("nobody@mine.example", TeamRole.Reader));
        Assert.Equal(TeamChangeOutcome.UnknownUser, await AddAsync("%", TeamRole.Admin));
        Assert.Equal(TeamChangeOutcome.UnknownUser, await AddAsync("ciso@mine.exampl_", TeamRole.Admin));
    }

    [Fact]
    public async Task The_last_admin_can_be_neither_removed_nor_demoted()
    {
        await using (var db = database.CreateApplicationContext(tenant))
        {
            var outcome = await new RemoveTeamMemberCommand(db, new TenantAuditTrail(db, clock)).RemoveAsync(new RemoveTeamMemberRequest(tenant, admin, admin), CancellationToken.None);
            Assert.Equal(TeamChangeOutcome.LastAdmin, outcome);
        }

        Assert.Equal(TeamChangeOutcome.Done, await AddAsync("ciso@mine.example", TeamRole.Admin));
        await using (var db = database.CreateApplicationContext(tenant))
        {
            var outcome = await new RemoveTeamMemberCommand(db, new TenantAuditTrail(db, clock)).RemoveAsync(new RemoveTeamMemberRequest(tenant, ciso, admin), CancellationToken.None);
            Assert.Equal(TeamChangeOutcome.Done, outcome);
        }
    }

    private async Task<TeamChangeOutcome> AddAsync(string userPrincipalName, TeamRole role)
    {
        await using var db = database.CreateApplicationContext(tenant);
        return await new AddTeamMemberCommand(db, new TenantAuditTrail(db, clock), clock).AddAsync(new AddTeamMemberRequest(tenant, admin, userPrincipalName, role), CancellationToken.None);
    }
}

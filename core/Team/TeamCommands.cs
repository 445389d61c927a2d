using IdentityOps.Core.Audit;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Core.Team;

public sealed record TeamMemberView(Guid UserObjectId, string DisplayName, TeamRole Role, DateTimeOffset AddedAt);

public sealed record ListTeamRequest(Guid TenantId);

public sealed class ListTeamQuery(IdentityOpsDbContext db)
{
    public Task<IReadOnlyList<TeamMemberView>> ListAsync(ListTeamRequest request, CancellationToken cancellationToken)
        => db.InTenantTransactionAsync<IReadOnlyList<TeamMemberView>>(
            async ct => await db.TeamMembers.AsNoTracking()
                .Where(m => m.TenantId == request.TenantId)
                .OrderBy(m => m.Role).ThenBy(m => m.DisplayName)
                .Select(m => new TeamMemberView(m.UserObjectId, m.DisplayName, m.Role, m.AddedAt))
                .ToListAsync(ct),
            cancellationToken);
}

/// <param name="UserPrincipalName">A user of the tenant as the latest scan saw them; members are people of the organisation only.</param>
public sealed record AddTeamMemberRequest(Guid TenantId, Guid AddedBy, string UserPrincipalName, TeamRole Role);

public enum TeamChangeOutcome
{
    Done,

    /// <summary>No user of that name in the latest scan (or no scan yet).</summary>
    UnknownUser,

    /// <summary>The change would leave the team without an admin.</summary>
    LastAdmin,

    NotAMember,
}

/// <summary>
/// Adds a person to the team, or changes their role, by the user principal name the latest scan
/// stored (so IdentityOps needs no extra Graph read and no free-text identity). Audited.
/// </summary>
public sealed class AddTeamMemberCommand(IdentityOpsDbContext db, TenantAuditTrail audit, TimeProvider time)
{
    public Task<TeamChangeOutcome> AddAsync(AddTeamMemberRequest request, CancellationToken cancellationToken)
    {
        var name = request.UserPrincipalName.Trim();
        return db.InTenantTransactionAsync(
            request.TenantId,
            async ct =>
            {
                var latestScan = await db.Scans
                    .Where(s => s.TenantId == request.TenantId && s.Status == ScanStatus.Succeeded)
                    .OrderByDescending(s => s.FinishedAt)
                    .Select(s => (Guid?)s.Id)
                    .FirstOrDefaultAsync(ct);
                var user = latestScan is null || name.Length is 0 or > 256
                    ? null
                    : await db.Users.AsNoTracking()
                        .Where(u => u.TenantId == request.TenantId && u.ScanId == latestScan)
                        .WithUserPrincipalName(name)
                        .Select(u => new { u.ObjectId, u.DisplayName })
                        .FirstOrDefaultAsync(ct);
                if (user is null)
                {
                    return TeamChangeOutcome.UnknownUser;
                }

                var member = await db.TeamMembers.SingleOrDefaultAsync(m => m.TenantId == request.TenantId && m.UserObjectId == user.ObjectId, ct);
                if (member is null)
                {
                    db.TeamMembers.Add(new TeamMember { TenantId = request.TenantId, UserObjectId = user.ObjectId, DisplayName = user.DisplayName, Role = request.Role, AddedAt = time.GetUtcNow() });
                }
                else
                {
                    if (member.Role == TeamRole.Admin && request.Role != TeamRole.Admin && !await OtherAdminExistsAsync(db, request.TenantId, member.UserObjectId, ct))
                    {
                        return TeamChangeOutcome.LastAdmin;
                    }

                    member.Role = request.Role;
                }

                await db.SaveChangesAsync(ct);
                await audit.AppendAsync(new AuditEntry($"user:{request.AddedBy:D}", "team.member-set", $"user:{user.ObjectId:D}", request.Role.ToString(), "web"), ct);
                return TeamChangeOutcome.Done;
            },
            cancellationToken);
    }

    internal static Task<bool> OtherAdminExistsAsync(IdentityOpsDbContext db, Guid tenantId, Guid except, CancellationToken cancellationToken)
        => db.TeamMembers.AnyAsync(m => m.TenantId == tenantId && m.Role == TeamRole.Admin && m.UserObjectId != except, cancellationToken);
}

public sealed record RemoveTeamMemberRequest(Guid TenantId, Guid RemovedBy, Guid UserObjectId);

/// <summary>Takes a person off the team (never the last admin). Audited.</summary>
public sealed class RemoveTeamMemberCommand(IdentityOpsDbContext db, TenantAuditTrail audit)
{
    public Task<TeamChangeOutcome> RemoveAsync(RemoveTeamMemberRequest request, CancellationToken cancellationToken)
    {
        return db.InTenantTransactionAsync(
            request.TenantId,
            async ct =>
            {
                var member = await db.TeamMembers.SingleOrDefaultAsync(m => m.TenantId == request.TenantId && m.UserObjectId == request.UserObjectId, ct);
                if (member is null)
                {
                    return TeamChangeOutcome.NotAMember;
                }

                if (member.Role == TeamRole.Admin && !await AddTeamMemberCommand.OtherAdminExistsAsync(db, request.TenantId, member.UserObjectId, ct))
                {
                    return TeamChangeOutcome.LastAdmin;
                }

                db.TeamMembers.Remove(member);
                await db.SaveChangesAsync(ct);
                await audit.AppendAsync(new AuditEntry($"user:{request.RemovedBy:D}", "team.member-removed", $"user:{request.UserObjectId:D}", "removed", "web"), ct);
                return TeamChangeOutcome.Done;
            },
            cancellationToken);
    }
}

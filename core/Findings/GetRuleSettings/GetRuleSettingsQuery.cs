using System.Text.Json;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Rules;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Core.Findings.GetRuleSettings;

public sealed record GetRuleSettingsRequest(Guid TenantId);

/// <param name="User">The account as the latest successful scan saw it; null when that scan does not hold it (deleted, or no scan yet).</param>
public sealed record BreakGlassAccount(Guid ObjectId, UserRecord? User);

/// <param name="LatestScanId">The latest successful scan, whose users the accounts are chosen from; null before the first.</param>
public sealed record RuleSettingsView(RuleSettings Settings, Guid? LatestScanId, IReadOnlyList<BreakGlassAccount> BreakGlassAccounts);

/// <summary>
/// A tenant's rule settings (the defaults when none are stored) with the break-glass accounts resolved against the
/// latest successful scan, and the lookup that turns what an admin types (a UPN or an object id) into a scanned user.
/// Settings store object ids because a UPN can be renamed; admins know accounts by UPN.
/// </summary>
public sealed class GetRuleSettingsQuery(IdentityOpsDbContext db)
{
    public Task<RuleSettingsView> GetAsync(GetRuleSettingsRequest request, CancellationToken cancellationToken)
        => db.InTenantTransactionAsync(
            request.TenantId,
            async ct =>
            {
                var stored = await db.RuleSettings.AsNoTracking().SingleOrDefaultAsync(s => s.TenantId == request.TenantId, ct);
                var settings = stored is null ? RuleSettings.Default : JsonSerializer.Deserialize<RuleSettings>(stored.Settings, FindingJson.Options) ?? RuleSettings.Default;
                var scanId = await LatestScanAsync(request.TenantId, ct);
                var ids = settings.BreakGlassAccounts.ToList();
                var users = scanId is null
                    ? []
                    : await db.Users.AsNoTracking().Where(u => u.TenantId == request.TenantId && u.ScanId == scanId && ids.Contains(u.ObjectId)).ToListAsync(ct);
                var accounts = ids.Select(id => new BreakGlassAccount(id, users.FirstOrDefault(u => u.ObjectId == id))).ToList();
                return new RuleSettingsView(settings, scanId, accounts);
            },
            cancellationToken);

    /// <summary>
    /// Each name (a user principal name, case-insensitive, or an object id) with the latest scan's user it names,
    /// or null when that scan holds no such user. Display names are not accepted: they are not unique.
    /// </summary>
    public Task<IReadOnlyList<(string Name, UserRecord? User)>> FindUsersAsync(Guid tenantId, IReadOnlyList<string> names, CancellationToken cancellationToken)
        => db.InTenantTransactionAsync(
            tenantId,
            async ct =>
            {
                var scanId = await LatestScanAsync(tenantId, ct);
                if (scanId is null)
                {
                    return (IReadOnlyList<(string, UserRecord?)>)names.Select(n => (n, (UserRecord?)null)).ToList();
                }

                var ids = names.Select(n => Guid.TryParse(n, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).ToList();
                var upns = names.Select(n => n.ToLowerInvariant()).ToList();
                var users = await db.Users.AsNoTracking()
                    .Where(u => u.TenantId == tenantId && u.ScanId == scanId
                        && (ids.Contains(u.ObjectId) || (u.UserPrincipalName != null && upns.Contains(u.UserPrincipalName.ToLower()))))
                    .ToListAsync(ct);
                return names.Select(n => (n, users.FirstOrDefault(u => Guid.TryParse(n, out var id)
                    ? u.ObjectId == id
                    : string.Equals(u.UserPrincipalName, n, StringComparison.OrdinalIgnoreCase)))).ToList();
            },
            cancellationToken);

    private Task<Guid?> LatestScanAsync(Guid tenantId, CancellationToken ct)
        => db.Scans.AsNoTracking()
            .Where(s => s.TenantId == tenantId && s.Status == ScanStatus.Succeeded)
            .OrderByDescending(s => s.FinishedAt)
            .Select(s => (Guid?)s.Id)
            .FirstOrDefaultAsync(ct);
}

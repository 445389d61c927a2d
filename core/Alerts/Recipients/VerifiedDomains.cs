using System.Text.Json;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Core.Alerts.Recipients;

/// <summary>
/// The domains alert e-mails may go to: the organization's verified domains, as the latest succeeded scan read
/// them (Graph <c>GET /organization</c> <c>verifiedDomains</c>, delegated User.Read; core/Graph's
/// OrganizationReader), and their subdomains, which only the domain's owner can receive mail for. Without this,
/// an admin (or whoever became one) could make IdentityOps mail anyone: a relay with our sender's reputation.
/// </summary>
public sealed class VerifiedDomains
{
    // The inventory kind core/Graph's OrganizationReader writes the organization under.
    private const string OrganizationKind = "organization";

    private readonly string[] names;

    public VerifiedDomains(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        this.names = [.. names.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim().TrimEnd('.')).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase)];
    }

    public IReadOnlyList<string> Names => names;

    /// <summary>True when the address's domain is a verified domain or a subdomain of one (compared by whole labels).</summary>
    public bool Allow(string address)
    {
        var at = address.LastIndexOf('@');
        if (at < 0)
        {
            return false;
        }

        var domain = address[(at + 1)..].TrimEnd('.');
        return names.Any(n => domain.Equals(n, StringComparison.OrdinalIgnoreCase) || domain.EndsWith("." + n, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The names for a message, at most ten of them ("and 4 more").</summary>
    public string Describe()
        => names.Length <= 10 ? string.Join(", ", names) : $"{string.Join(", ", names.Take(10))} and {names.Length - 10} more";

    /// <summary>
    /// The verified domains the tenant's latest succeeded scan recorded, or null when none has recorded them (no
    /// scan yet, or only scans from before they were collected): unknown is not "none", and callers say which.
    /// Runs inside the caller's tenant transaction.
    /// </summary>
    public static async Task<VerifiedDomains?> LoadAsync(IdentityOpsDbContext db, Guid tenantId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var settings = await (
                from p in db.TenantPolicies.AsNoTracking()
                join s in db.Scans.AsNoTracking() on new { p.TenantId, p.ScanId } equals new { s.TenantId, ScanId = s.Id }
                where p.TenantId == tenantId && p.Kind == OrganizationKind && s.Status == ScanStatus.Succeeded
                orderby (s.FinishedAt ?? s.RequestedAt) descending
                select p.Settings)
            .FirstOrDefaultAsync(cancellationToken);
        if (settings is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(settings);
        return document.RootElement.TryGetProperty("verifiedDomains", out var domains) && domains.ValueKind == JsonValueKind.Array
            ? new VerifiedDomains(domains.EnumerateArray().Where(d => d.ValueKind == JsonValueKind.String).Select(d => d.GetString()!))
            : null;
    }
}

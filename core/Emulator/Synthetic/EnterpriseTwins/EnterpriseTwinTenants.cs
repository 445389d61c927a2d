using System.Text.Json.Nodes;

namespace IdentityOps.Emulator.Synthetic.EnterpriseTwins;

/// <summary>
/// One of the two hand-built tenants: Graph v1.0 (and, where the collector reads beta, beta) response bodies keyed by
/// URL path + ".json", and the break-glass accounts an administrator would enter in the rule settings.
/// </summary>
public sealed record EnterpriseTwinTenant(string Name, Guid TenantId, DateTimeOffset AsOf, IReadOnlyDictionary<string, JsonNode> Files, IReadOnlyList<Guid> BreakGlassAccounts);

/// <summary>
/// Issue 17's proof: a <b>well-kept enterprise tenant</b> built from configurations Microsoft documents and
/// recommends, on which no rule may raise anything above Low, and its <b>exposed twin</b>, the same tenant with five
/// faults that every one must be found. Hand-built and deterministic (no random numbers): each object is written
/// out below with the reason it looks the way it does.
/// </summary>
public static class EnterpriseTwinTenants
{
    /// <summary>"Now" for both tenants: every date in them is relative to it (the synthetic tenant's AsOf).</summary>
    public static readonly DateTimeOffset AsOf = new(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Exchange hybrid OAuth certificate on Office 365 Exchange Online, two SAML apps with their signing sets, the
    /// Microsoft-managed consent policy, two break-glass accounts excluded from every Conditional Access policy and
    /// named in the settings, PIM-eligible admins with MFA, a risk-based policy beside a real MFA-for-all policy, and
    /// apps with modest permissions owned by admins.
    /// </summary>
    public static EnterpriseTwinTenant WellKept()
    {
        var tenant = new EnterpriseTenantBuilder(AsOf);
        return new EnterpriseTwinTenant("well-kept enterprise", EnterpriseTwinIds.TenantId, AsOf, tenant.Files(), [EnterpriseTwinIds.BreakGlass1, EnterpriseTwinIds.BreakGlass2]);
    }

    /// <summary>
    /// The same tenant with issue 17's five faults: an eligible guest Global Administrator, a dormant admin under
    /// password spray, an app holding Exchange's <c>full_access_as_app</c>, no break-glass accounts in the settings,
    /// and the MFA-for-all policy excluding most users.
    /// </summary>
    public static EnterpriseTwinTenant Exposed()
    {
        var tenant = new EnterpriseTenantBuilder(AsOf);
        ExposedTwinFaults.Apply(tenant);
        return new EnterpriseTwinTenant("exposed twin", EnterpriseTwinIds.TenantId, AsOf, tenant.Files(), []);
    }
}

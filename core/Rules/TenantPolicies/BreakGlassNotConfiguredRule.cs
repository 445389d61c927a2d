using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.TenantPolicies;

/// <summary>
/// Fewer than two usable emergency-access (break-glass) accounts are named in the tenant's settings: none,
/// one, or accounts the directory no longer holds or has disabled. Microsoft asks for "two or more emergency
/// access accounts" (https://learn.microsoft.com/entra/identity/role-based-access-control/security-emergency-access,
/// checked 2026-12-07), CIS Microsoft 365 1.1.2 for two. Without them named, the scan cannot check that the
/// Conditional Access policies spare them (<see cref="BreakGlassNotExcludedRule"/> judges nothing), so "no finding
/// there" must not read as "two accounts in place".
/// </summary>
public sealed class BreakGlassNotConfiguredRule : PostureRule
{
    /// <summary>Microsoft's "two or more", CIS's "two".</summary>
    private const int RecommendedAccounts = 2;

    public override RuleDefinition Definition { get; } = new(
        "policy-break-glass-not-configured",
        "Fewer than two emergency-access accounts configured",
        RuleCategory.TenantPolicies,
        Severity.Medium,
        ObjectTypes.Tenant,
        RuleInputs.Collection("users", "accountEnabled"),
        ["configuredAccounts", "usableAccounts", "accountsNotFound", "disabledAccounts"],
        [FrameworkReference.Cis("1.1.2").Partially("checks that IdentityOps' settings name the emergency-access accounts, not how the accounts are built")]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        var configured = scan.Settings.BreakGlassAccounts.Distinct().ToList();
        var found = configured.Select(id => (Id: id, User: inventory.User(id))).ToList();
        var usable = found.Where(x => x.User is { AccountEnabled: true }).Select(x => x.User!).ToList();
        if (usable.Count >= RecommendedAccounts)
        {
            yield break;
        }

        yield return new RuleHit(ObjectTypes.Tenant, null, new Evidence
        {
            { "configuredAccounts", configured.Count },
            { "usableAccounts", usable.Select(Name).Order(StringComparer.Ordinal) },
            { "accountsNotFound", found.Where(x => x.User is null).Select(x => x.Id.ToString()).Order(StringComparer.Ordinal) },
            { "disabledAccounts", found.Where(x => x.User is { AccountEnabled: false }).Select(x => Name(x.User!)).Order(StringComparer.Ordinal) },
        });
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => 1;

    private static string Name(UserRecord user) => user.UserPrincipalName ?? user.DisplayName;
}

using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.TenantPolicies;

/// <summary>
/// An enabled Conditional Access policy for all users and all applications does not exclude the Microsoft Entra Connect
/// directory synchronization account (a user holding the Directory Synchronization Accounts or On Premises Directory Sync
/// Account role): MFA, device or location controls then stop synchronization, and Microsoft's templates exclude that role.
/// Read from Maester's Test-MtCaExclusionForDirectorySyncAccount (maester365/maester@6bf1d98
/// powershell/public/maester/entra/Test-MtCaExclusionForDirectorySyncAccount.ps1, MT.1020): not applicable without such a
/// user (service principals, as application-based Connect uses, are not subject to user policies); policies that block
/// legacy clients, target only guests, or name the account or its role deliberately are left alone; excluding the role or
/// every such user settles it. One finding per policy.
/// </summary>
public sealed class SyncAccountNotExcludedRule : PostureRule
{
    private static readonly string[] SyncRoleTemplates = ["d29b2b05-8046-44ba-8758-1e26182fcf32", "a92aed5d-d78a-4d16-b381-09adb37eb3b0"];

    public override RuleDefinition Definition { get; } = new(
        "ca-sync-account-not-excluded",
        "Conditional Access policy does not exclude the directory synchronization account",
        RuleCategory.TenantPolicies,
        Severity.Low,
        ObjectTypes.Policy,
        [.. RuleInputs.Collection("directoryRoles", "templateId"), "conditionalAccessPolicies"],
        ["displayName", "syncAccounts"],
        [
            FrameworkReference.Maester("MT.1020").Partially("Maester fails on any all-applications policy that does not exclude the account, even one for selected users, groups or roles the account is not among; this rule flags only policies for all users"),
        ]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        var roleIds = inventory.RoleDefinitions
            .Where(r => SyncRoleTemplates.Contains(r.TemplateId ?? r.RoleDefinitionId, StringComparer.OrdinalIgnoreCase))
            .Select(r => r.RoleDefinitionId)
            .Concat(SyncRoleTemplates)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var syncUsers = inventory.RoleAssignments
            .Where(a => roleIds.Contains(a.RoleDefinitionId) && !string.Equals(a.PrincipalType, "servicePrincipal", StringComparison.OrdinalIgnoreCase))
            .Select(a => a.PrincipalId.ToString())
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (syncUsers.Count == 0)
        {
            yield break;
        }

        foreach (var policy in ConditionalAccessPolicy.All(inventory).Where(p => p.IsEnabled && p.TargetsEveryone))
        {
            var blocksLegacy = policy.Blocks && PolicySettings.Has(policy.ClientAppTypes, "exchangeActiveSync") && PolicySettings.Has(policy.ClientAppTypes, "other");
            var namesThem = syncUsers.Any(id => PolicySettings.Has(policy.IncludeUsers, id)) || SyncRoleTemplates.Any(r => PolicySettings.Has(policy.IncludeRoles, r));
            var excluded = roleIds.Any(r => PolicySettings.Has(policy.ExcludeRoles, r)) || syncUsers.All(id => PolicySettings.Has(policy.ExcludeUsers, id));
            if (blocksLegacy || namesThem || excluded)
            {
                continue;
            }

            yield return new RuleHit(policy.Id, policy.Name, new Evidence
            {
                { "displayName", policy.Name },
                { "syncAccounts", syncUsers.Select(id => inventory.User(Guid.Parse(id)) is { } user ? user.UserPrincipalName ?? user.DisplayName : id) },
            });
        }
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => ConditionalAccessPolicy.All(inventory).Count(p => p.IsEnabled && p.TargetsEveryone);
}

using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.TenantPolicies;

/// <summary>
/// An enabled Conditional Access policy that demands something (blocks, or requires MFA, a device, an app or
/// terms of use) applies to an emergency-access account named in the settings and does not exclude it: one
/// mistake in the policy, a lost device or an MFA outage, and nobody can sign in to repair it. The policy
/// applies to the account through all users, or through a role it holds at tenant scope (a policy for
/// Global Administrators is the one that locks the break-glass Global Administrators out) or a known group;
/// the account is excluded directly, through a known group, or through an excluded role it holds. A policy
/// that names the account itself in its users is meant for it (Microsoft asks for one requiring
/// phishing-resistant MFA of the emergency accounts) and is left alone. With no accounts configured this rule
/// judges nothing; <see cref="BreakGlassNotConfiguredRule"/> reports that.
/// </summary>
public sealed class BreakGlassNotExcludedRule : PostureRule
{
    private const string TenantScope = "/";

    public override RuleDefinition Definition { get; } = new(
        "policy-break-glass-not-excluded",
        "Emergency-access accounts not excluded from a blocking Conditional Access policy",
        RuleCategory.TenantPolicies,
        Severity.Medium,
        ObjectTypes.Policy,
        ["conditionalAccessPolicies", .. RuleInputs.Collection("directoryRoles", "directoryScopeId")],
        ["displayName", "grantControls", "accountsNotExcluded", "excludedGroups"],
        [FrameworkReference.Cis("1.1.2").Partially("checks one part of the recommendation: that Conditional Access policies exclude the named emergency-access accounts")]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        var breakGlass = scan.Settings.BreakGlassAccounts;
        var groupsOf = inventory.GroupMembers.ToLookup(m => m.MemberId, m => m.GroupId.ToString());
        var assignmentsOf = inventory.RoleAssignments.ToLookup(a => a.PrincipalId);
        var knownGroups = inventory.GroupMembers.Select(m => m.GroupId.ToString()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var policy in Candidates(inventory, scan))
        {
            var missing = breakGlass
                .Where(id => AppliesTo(policy, id, groupsOf[id].ToList(), RolesOf(inventory, assignmentsOf, groupsOf, id)))
                .Select(id => inventory.User(id) is { } user ? user.UserPrincipalName ?? user.DisplayName : id.ToString())
                .Order(StringComparer.Ordinal)
                .ToList();
            if (missing.Count == 0)
            {
                continue;
            }

            // The scan reads the members of role-assignable groups only: any other excluded group may well hold the accounts.
            var unknownGroups = policy.ExcludeGroups.Count(g => !knownGroups.Contains(g));
            ScoreSignal[] signals = unknownGroups > 0
                ? [new ScoreSignal("excludes-groups", 0.5m, $"the policy excludes {unknownGroups} group(s) whose members the scan does not read")]
                : [];
            yield return new RuleHit(policy.Id, policy.Name, new Evidence
            {
                { "displayName", policy.Name },
                { "grantControls", policy.AuthenticationStrength is { } strength ? policy.BuiltInControls.Append($"authentication strength {strength}") : policy.BuiltInControls },
                { "accountsNotExcluded", missing },
                { "excludedGroups", unknownGroups },
            }, signals);
        }
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => Candidates(inventory, scan).Count();

    private static IEnumerable<ConditionalAccessPolicy> Candidates(TenantInventory inventory, ScanFacts scan)
        => scan.Settings.BreakGlassAccounts.Count == 0
            ? []
            : ConditionalAccessPolicy.All(inventory).Where(p => p.IsEnabled && p.HasGrantControls && !NamesABreakGlassAccount(p, scan));

    private static bool NamesABreakGlassAccount(ConditionalAccessPolicy policy, ScanFacts scan)
        => scan.Settings.BreakGlassAccounts.Any(id => PolicySettings.Has(policy.IncludeUsers, id.ToString()));

    private static bool AppliesTo(ConditionalAccessPolicy policy, Guid account, IReadOnlyList<string> groups, IReadOnlyList<string> roles)
    {
        bool Listed(string[] ids, IEnumerable<string> ours) => ours.Any(id => PolicySettings.Has(ids, id));
        var included = policy.TargetsAllUsers || Listed(policy.Users.IncludeGroups, groups) || Listed(policy.IncludeRoles, roles);
        var excluded = PolicySettings.Has(policy.ExcludeUsers, account.ToString()) || Listed(policy.ExcludeGroups, groups) || Listed(policy.ExcludeRoles, roles);
        return included && !excluded;
    }

    /// <summary>The built-in role templates the account holds at tenant scope, directly or through a group (eligible included).</summary>
    private static List<string> RolesOf(TenantInventory inventory, ILookup<Guid, RoleAssignmentRecord> assignmentsOf, ILookup<Guid, string> groupsOf, Guid account)
        => assignmentsOf[account]
            .Concat(groupsOf[account].SelectMany(g => Guid.TryParse(g, out var group) ? assignmentsOf[group] : []))
            .Where(a => a.DirectoryScopeId == TenantScope)
            .Select(a => inventory.Role(a.RoleDefinitionId)?.TemplateId ?? a.RoleDefinitionId)
            .ToList();
}

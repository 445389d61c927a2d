using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.TenantPolicies;

/// <summary>Which Identity Protection risk a Conditional Access policy conditions on.</summary>
internal enum RiskKind
{
    User,
    SignIn,
}

/// <summary>
/// The risk-based Conditional Access policies (issue 19): whether an enabled policy acts on a risk level for all users
/// and all applications, leaving out only the emergency-access accounts (<see cref="ConditionalAccessCoverage"/>) and
/// narrowed by no other condition. A policy applies only when every condition it sets is met
/// (https://learn.microsoft.com/entra/identity/conditional-access/concept-conditional-access-conditions, checked
/// 2026-12-07), so a user-risk policy that also sets a sign-in risk condition acts only when both are met: it is
/// narrower, as is one limited to locations, platforms, devices or some applications.
/// Risk levels come from Microsoft Entra ID Protection, which needs Entra ID P2; without it the rules are not
/// evaluated, as Maester skips them (Get-MtLicenseInformation EntraID -ne "P2"). ScubaGear fails MS.AAD.2.1v1/2.3v1 instead.
/// </summary>
internal static class RiskPolicies
{
    public const string OrganizationKind = "organization";

    /// <summary>The collections every risk rule reads: the policies, and the organization's plans for the P2 check.</summary>
    public static readonly string[] Inputs = ["conditionalAccessPolicies", OrganizationKind];

    /// <summary>The evidence every "no policy acts on this risk" rule carries, in this order.</summary>
    public static readonly string[] EvidenceFields = ["riskPolicies", "policiesNotEnforced", "narrowerPolicies", "policiesWithExclusions"];

    /// <summary>"not evaluated: …" when the organization holds no Entra ID P2 (or the record says nothing of it); null with P2.</summary>
    public static string? WithoutEntraIdP2(TenantInventory inventory)
        => inventory.Policy(OrganizationKind) is { } organization && PolicySettings.Bool(organization, "entraIdP2") is true
            ? null
            : $"not evaluated: {OrganizationKind}: {UnavailableReasons.NoEntraIdP2}, which Identity Protection's user and sign-in risk levels need";

    /// <summary>The risk levels the policy conditions on; Graph's "none" and the SDK's unknown value are not conditions.</summary>
    public static string[] Levels(ConditionalAccessPolicy policy, RiskKind kind)
        => (kind == RiskKind.User ? policy.Conditions.UserRiskLevels : policy.Conditions.SignInRiskLevels)
            .Where(l => !l.Equals("none", StringComparison.OrdinalIgnoreCase) && !l.Equals("unknownFutureValue", StringComparison.OrdinalIgnoreCase))
            .ToArray();

    /// <summary>
    /// The tenant-level hit when no enabled policy applies <paramref name="acts"/> at all of <paramref name="levels"/> of
    /// <paramref name="kind"/> risk to everyone but the emergency-access accounts, or null when one does.
    /// </summary>
    public static RuleHit? Gap(TenantInventory inventory, ScanFacts scan, RiskKind kind, string[] levels, Func<ConditionalAccessPolicy, bool> acts)
    {
        var policies = ConditionalAccessPolicy.All(inventory);
        var candidates = policies.Where(p => acts(p) && levels.All(l => PolicySettings.Has(Levels(p, kind), l))).ToList();
        var membership = new PrincipalMembership(inventory);
        var whole = candidates.Where(p => p.IsEnabled && Reasons(p, kind).Count == 0)
            .Select(p => ConditionalAccessCoverage.Of(p, inventory, scan.Settings.BreakGlassAccounts, membership))
            .ToList();
        if (whole.Any(c => c.LeavesOutOnlyBreakGlass))
        {
            return null;
        }

        return new RuleHit(ObjectTypes.Tenant, null, new Evidence
        {
            { "riskPolicies", policies.Where(p => p.IsEnabled && Levels(p, kind).Length > 0).Select(p => Describe(p, kind)) },
            { "policiesNotEnforced", candidates.Where(p => !p.IsEnabled).Select(p => p.Label) },
            { "narrowerPolicies", candidates.Where(p => p.IsEnabled && Reasons(p, kind).Count > 0).Select(p => $"{p.Name}: {string.Join("; ", Reasons(p, kind))}") },
            { "policiesWithExclusions", whole.Select(c => c.Describe()) },
        });
    }

    /// <summary>"Name (user risk High; grant Mfa, PasswordChange)": an enabled risk policy, as the evidence lists it.</summary>
    public static string Describe(ConditionalAccessPolicy policy, RiskKind kind)
    {
        var controls = policy.AuthenticationStrength is { } strength ? policy.BuiltInControls.Append($"authentication strength {strength}") : policy.BuiltInControls;
        var risk = kind == RiskKind.User ? "user risk" : "sign-in risk";
        return $"{policy.Name} ({risk} {string.Join(", ", Levels(policy, kind))}; grant {string.Join($" {policy.GrantOperator ?? "OR"} ", controls)})";
    }

    /// <summary>Why the policy applies to fewer users or sign-ins than all at that risk, in words; empty when it does not.</summary>
    private static List<string> Reasons(ConditionalAccessPolicy policy, RiskKind kind)
    {
        var c = policy.Conditions;

        // The risk condition the rule is about is the point of the policy, not a narrowing; every other one is.
        var others = new ConditionalAccessConditions(
            c.ExcludeApplications, kind == RiskKind.SignIn ? [] : c.SignInRiskLevels, kind == RiskKind.User ? [] : c.UserRiskLevels, c.InsiderRiskLevels,
            c.IncludeLocations, c.ExcludeLocations, c.IncludePlatforms, c.ExcludePlatforms, c.DeviceFilterMode);
        var why = new List<string>();
        if (!policy.TargetsAllUsers)
        {
            why.Add("only for some users, groups or roles");
        }

        if (!policy.TargetsAllApplications)
        {
            why.Add($"only for {policy.IncludeApplications.Length} selected application(s) or action(s)");
        }

        why.AddRange(others.Narrowings);
        if (policy.AuthenticationFlows.Length > 0)
        {
            why.Add($"only for the authentication flow(s) {string.Join(", ", policy.AuthenticationFlows)}");
        }

        if (!policy.CoversModernClients)
        {
            why.Add($"only for the client app type(s) {string.Join(", ", policy.ClientAppTypes)}");
        }

        return why;
    }
}

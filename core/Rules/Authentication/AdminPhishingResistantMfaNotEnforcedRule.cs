using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules.TenantPolicies;

namespace IdentityOps.Core.Rules.Authentication;

/// <summary>
/// A highly privileged role that no enabled Conditional Access policy requires a phishing-resistant authentication strength
/// of, on all resources, at every sign-in: the policy must include the role (or all users), not exclude it, and leave out
/// no users or groups but the emergency-access accounts. The roles are CISA's highly privileged roles, by template id, as
/// ScubaGear (cisagov/ScubaGear@4d34e9a PowerShell/ScubaGear/Modules/ScubaConfig/ScubaConfigDefaults.json "privilegedRoles")
/// and Maester (maester365/maester@6bf1d98 powershell/public/maester/Get-MtRole.ps1, -CisaHighlyPrivilegedRoles) list them.
/// ScubaGear MS.AAD.3.6v1 (PowerShell/ScubaGear/Rego/AADConfig.rego, PhishingResistantMFAPrivilegedRoles) wants one enabled
/// policy listing every one of these roles, all apps, no excluded roles, exclusions only as configured, IsPhishingResistantMFA;
/// Maester CISA.MS.AAD.3.6 (powershell/public/cisa/entra/Test-MtCisaPrivilegedPhishResistant.ps1) the same roles and the
/// strength named "Phishing-resistant MFA". Whether anyone holds the role today does not matter: the policy must be there
/// before the next assignment. Medium: Microsoft's own template for administrators requires this strength
/// (policy-admin-phish-resistant-mfa), and without it an administrator's session can be relayed by a phishing proxy.
/// </summary>
public sealed class AdminPhishingResistantMfaNotEnforcedRule : PostureRule
{
    /// <summary>CISA's highly privileged roles: template id and name.</summary>
    internal static readonly (string TemplateId, string Name)[] HighlyPrivilegedRoles =
    [
        ("62e90394-69f5-4237-9190-012177145e10", "Global Administrator"),
        ("e8611ab8-c189-46e8-94e1-60213ab1f814", "Privileged Role Administrator"),
        ("fe930be7-5e62-47db-91af-98c3a49a38b1", "User Administrator"),
        ("f28a1f50-f6e7-4571-818b-6a12f2af6b6c", "SharePoint Administrator"),
        ("29232cdf-9323-42fd-ade2-1d097af3e4de", "Exchange Administrator"),
        ("8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2", "Hybrid Identity Administrator"),
        ("9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", "Application Administrator"),
        ("158c047a-c907-4556-b7ef-446551a6b5f7", "Cloud Application Administrator"),
    ];

    public override RuleDefinition Definition { get; } = new(
        "policy-admin-phishing-resistant-mfa-not-enforced",
        "Phishing-resistant MFA is not required for highly privileged roles",
        RuleCategory.AuthenticationAndMfa,
        Severity.Medium,
        ObjectTypes.Tenant,
        ["conditionalAccessPolicies", AuthenticationStrengths.Collection],
        ["uncoveredRoles", "coveredRoles", "phishingResistantPolicies", "shortfalls"],
        [
            FrameworkReference.Scuba("MS.AAD.3.6v1").Partially("accepts the roles covered across several policies or by an all-users policy, where ScubaGear wants one policy listing all eight; fails a policy narrowed by a risk, location, platform or device condition or with the strength as an OR alternative, which ScubaGear accepts"),
            FrameworkReference.CisaMaester("CISA.MS.AAD.3.6").Partially("Maester accepts only the built-in strength by its display name, in one policy listing all eight roles, whatever it excludes; this rule accepts any phishing-resistant strength across policies and fails on exclusions beyond the emergency-access accounts and on narrowing conditions"),
            FrameworkReference.Attack("T1557"), FrameworkReference.Attack("T1078.004"),
        ]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        var strengths = new AuthenticationStrengths(inventory);
        var candidates = ConditionalAccessPolicy.All(inventory).Where(p => p.IsEnabled && strengths.IsPhishingResistant(p)).ToList();
        var shortfalls = new List<string>();
        var covering = new List<ConditionalAccessPolicy>();
        foreach (var policy in candidates)
        {
            var exclusions = ConditionalAccessExclusions.BeyondBreakGlass(policy, inventory, scan.Settings.BreakGlassAccounts);
            if (!strengths.RequiresEverywhere(policy))
            {
                shortfalls.Add(policy.AppliesToEverySignIn ? $"{policy.Name}: the strength is one of several controls joined by OR" : policy.LabelWithNarrowings);
            }
            else if (exclusions.Users.Count + exclusions.Groups.Count + exclusions.GuestOrExternalUserTypes.Count > 0)
            {
                shortfalls.Add($"{policy.Name}: {exclusions.Describe()}");
            }
            else
            {
                covering.Add(policy);
            }
        }

        bool Covers(ConditionalAccessPolicy policy, string role)
            => (policy.TargetsAllUsers || PolicySettings.Has(policy.IncludeRoles, role)) && !PolicySettings.Has(policy.ExcludeRoles, role);
        var uncovered = HighlyPrivilegedRoles.Where(r => !covering.Any(p => Covers(p, r.TemplateId))).ToList();
        if (uncovered.Count == 0)
        {
            yield break;
        }

        yield return new RuleHit(ObjectTypes.Tenant, null, new Evidence
        {
            { "uncoveredRoles", uncovered.Select(r => r.Name) },
            { "coveredRoles", HighlyPrivilegedRoles.Except(uncovered).Select(r => r.Name) },
            { "phishingResistantPolicies", covering.Select(p => p.Name) },
            { "shortfalls", shortfalls },
        });
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => 1;
}

using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules.TenantPolicies;

namespace IdentityOps.Core.Rules.Authentication;

/// <summary>
/// Legacy authentication is not blocked: security defaults are off and no enabled Conditional Access
/// policy blocks the Exchange ActiveSync and "other" client types for all users and applications.
/// Legacy protocols cannot do MFA, so an unblocked one bypasses every MFA policy. A block that applies only
/// under a risk, location, platform or device condition, or that excludes applications, is narrower (see
/// <see cref="ConditionalAccessPolicy.Narrowings"/>), as in CISA ScubaGear's MS.AAD.1.1v1, which also refuses
/// excluded applications. A block that leaves out more than the emergency-access accounts (and Entra Connect's sync
/// role) does not pass either (issue 19 item 4): whoever it excludes can still be password-sprayed over IMAP or SMTP,
/// and the finding names them with the share of enabled users the block covers (<see cref="ConditionalAccessCoverage"/>).
/// ScubaGear also fails on exclusions it is not configured to expect; Microsoft's template
/// (https://learn.microsoft.com/entra/identity/conditional-access/policy-block-legacy-authentication, checked
/// 2026-12-07) allows excluding accounts that must keep legacy authentication for now, and the finding says who they are.
/// Peer sources: cisagov/ScubaGear PowerShell/ScubaGear/Rego/AADConfig.rego (LegacyAuthentication); maester365/maester
/// powershell/public/cisa/entra/Test-MtCisaBlockLegacyAuth.ps1, powershell/public/maester/entra/Test-MtCaBlockLegacyOtherAuthentication.ps1
/// and Test-MtCaBlockLegacyExchangeActiveSyncAuthentication.ps1.
/// </summary>
public sealed class NoLegacyAuthenticationBlockRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "policy-no-legacy-auth-block",
        "Legacy authentication is not blocked",
        RuleCategory.AuthenticationAndMfa,
        Severity.High,
        ObjectTypes.Tenant,
        ["securityDefaults", "conditionalAccessPolicies"],
        ["securityDefaultsEnabled", "legacyBlockPoliciesNotEnforced", "narrowerLegacyBlockPolicies", "legacyBlockPoliciesWithExclusions"],
        [
            FrameworkReference.Cis("5.2.2.3"),
            FrameworkReference.Scuba("MS.AAD.1.1v1").Partially("passes when security defaults are on, which ScubaGear does not read; fails on a block narrowed by risk, location, platform or device conditions, which ScubaGear accepts; accepts as exclusions only the emergency-access accounts of the settings, a group known to hold only them and the Directory Synchronization Accounts role, where ScubaGear accepts the users and groups configured per policy and no excluded role"),
            FrameworkReference.CisaMaester("CISA.MS.AAD.1.1").Partially("Maester accepts the two client types blocked by separate policies and ignores exclusions and narrowing conditions; it skips the test on Entra ID Free, where this rule reads security defaults; this rule fails on a block that leaves out more than the emergency-access accounts"),
            FrameworkReference.Maester("MT.1009").Partially("wants one enabled policy that blocks both legacy client types for every sign-in, and passes on security defaults; fails on a block that leaves out more than the emergency-access accounts; Maester asks only that an all-users, all-apps policy block \"other\" clients, whatever it excludes"),
            FrameworkReference.Maester("MT.1010").Partially("wants one enabled policy that blocks both legacy client types for every sign-in, and passes on security defaults; fails on a block that leaves out more than the emergency-access accounts; Maester asks only that an all-users, all-apps policy block Exchange ActiveSync, whatever it excludes"),
            FrameworkReference.Attack("T1110.003"),
            FrameworkReference.Attack("T1078.004"), FrameworkReference.Entra(EntraRecommendation.BlockLegacyAuthentication),
        ]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        var policies = ConditionalAccessPolicy.All(inventory);
        if (PolicySettings.SecurityDefaultsEnabled(inventory) is not false)
        {
            yield break;
        }

        var membership = new PrincipalMembership(inventory);
        var blocks = policies.Where(p => p.IsEnabled && BlocksAllLegacy(p)).Select(p => ConditionalAccessCoverage.Of(p, inventory, scan.Settings.BreakGlassAccounts, membership)).ToList();
        if (blocks.Any(c => c.LeavesOutOnlyBreakGlass))
        {
            yield break;
        }

        // The sign-in log only weighs the finding; without it the finding stands, and says what it could not check
        // rather than reading "no legacy sign-ins" into data that never arrived.
        var legacySignIns = inventory.SignIns.Where(s => s.IsLegacyAuthentication).ToList();
        ScoreSignal[] signals = inventory.UnavailableReason("legacySignIns") is { } unavailable
            ? [new ScoreSignal("legacy-sign-ins-unknown", 1m, $"whether legacy protocols are in use could not be checked: the sign-in log is unavailable ({unavailable})")]
            : legacySignIns.Count > 0
                ? [new ScoreSignal("legacy-sign-ins-seen", 1.5m, $"{legacySignIns.Sum(s => s.SignIns)} legacy sign-ins by {legacySignIns.Select(s => s.UserId).Distinct().Count()} user(s) are in the collected sign-in log")]
                : [];
        yield return new RuleHit(ObjectTypes.Tenant, null, new Evidence
        {
            { "securityDefaultsEnabled", false },
            { "legacyBlockPoliciesNotEnforced", policies.Where(p => !p.IsEnabled && BlocksAllLegacy(p)).Select(p => p.Label) },
            { "narrowerLegacyBlockPolicies", policies.Where(p => p.IsEnabled && p.Blocks && TargetsLegacy(p) && !BlocksAllLegacy(p)).Select(p => p.Name) },
            { "legacyBlockPoliciesWithExclusions", blocks.Select(c => c.Describe()) },
        }, signals);
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => 1;

    private static bool TargetsLegacy(ConditionalAccessPolicy policy)
        => PolicySettings.Has(policy.ClientAppTypes, "exchangeActiveSync") || PolicySettings.Has(policy.ClientAppTypes, "other");

    private static bool BlocksAllLegacy(ConditionalAccessPolicy policy)
        => policy.Blocks && policy.TargetsEveryone && policy.Narrowings.Count == 0
           && PolicySettings.Has(policy.ClientAppTypes, "exchangeActiveSync") && PolicySettings.Has(policy.ClientAppTypes, "other");
}

using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.TenantPolicies;

/// <summary>
/// Guests may be owners of Microsoft 365 groups (Group.Unified <c>AllowGuestsToBeGroupOwner</c> true; the template default
/// is false): an outsider then decides who joins the group and reaches its mail, files and Teams channel. EIDSCA.ST08
/// (maester365/maester@6bf1d98 powershell/internal/eidsca/Test-MtEidscaST08.ps1) fails also while the value is not set
/// explicitly, where the default (false) applies and this rule passes. Low: it takes a group owner to add the guest as owner.
/// </summary>
public sealed class GuestsCanOwnGroupsRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "policy-guests-can-own-groups",
        "Guests can be owners of Microsoft 365 groups",
        RuleCategory.TenantPolicies,
        Severity.Low,
        ObjectTypes.Policy,
        [DirectorySettings.Kind],
        ["setting", "allowGuestsToBeGroupOwner"],
        [FrameworkReference.Eidsca("EIDSCA.ST08").Partially("EIDSCA also fails while AllowGuestsToBeGroupOwner is not set explicitly; IdentityOps judges the value in effect, the template's default false")]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        var setting = DirectorySettings.Of(inventory, DirectorySettings.GroupUnified);
        if (setting is null || DirectorySettings.Value(setting, "AllowGuestsToBeGroupOwner") is not { } value || !DirectorySettings.Flag(value))
        {
            yield break;
        }

        yield return new RuleHit(setting.PolicyId, setting.DisplayName, new Evidence
        {
            { "setting", setting.DisplayName ?? "Group.Unified" },
            { "allowGuestsToBeGroupOwner", value },
        });
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => 1;
}

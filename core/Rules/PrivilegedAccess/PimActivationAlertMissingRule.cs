using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.PrivilegedAccess;

/// <summary>
/// A highly privileged role (ScubaGear's default list) is activated in PIM without the activation alert reaching anyone
/// beyond PIM's default recipients: its <c>Notification_Admin_EndUser_Assignment</c> rule (type Email) names no additional
/// recipient. ScubaGear checks Global Administrator in MS.AAD.7.8v1 and the other roles in MS.AAD.7.9v1 (cisagov/ScubaGear@4d34e9a
/// PowerShell/ScubaGear/Rego/AADConfig.rego, GlobalAdminsWithoutActivationAlert, OtherAdminsWithoutActivationAlert); this
/// rule covers both, one finding per role. Low: PIM's default recipients (the role's administrators) are still told.
/// </summary>
public sealed class PimActivationAlertMissingRule : PostureRule
{
    private const string Alert = "activationAlert";

    public override RuleDefinition Definition { get; } = new(
        "pim-role-activation-alert-missing",
        "Activating a privileged role in PIM alerts no one beyond the defaults",
        RuleCategory.PrivilegedAccess,
        Severity.Low,
        ObjectTypes.RoleDefinition,
        PimRoleSettings.Inputs,
        ["role", "additionalRecipients"],
        [
            FrameworkReference.Scuba("MS.AAD.7.8v1").Partially("one rule for 7.8 and 7.9: its findings on roles other than Global Administrator are 7.9's; PIM for Groups settings are not read; without Entra ID P2 ScubaGear fails where IdentityOps reports not evaluated"),
            FrameworkReference.Scuba("MS.AAD.7.9v1").Partially("one rule for 7.8 and 7.9: its finding on Global Administrator is 7.8's; PIM for Groups settings are not read; without Entra ID P2 ScubaGear fails where IdentityOps reports not evaluated"),
        ]);

    public override string? NotEvaluatedBecause(TenantInventory inventory) => PimRoleSettings.WithoutP2(inventory);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        foreach (var (roleId, name) in PimRoleSettings.ScubaPrivilegedRoles)
        {
            if (PimRoleSettings.Of(inventory, roleId) is { } policy
                && string.Equals(PimRoleSettings.AlertType(policy, Alert), "Email", StringComparison.OrdinalIgnoreCase)
                && PimRoleSettings.AdditionalRecipients(policy, Alert) == 0)
            {
                yield return new RuleHit(roleId, name, new Evidence { { "role", name }, { "additionalRecipients", 0 } });
            }
        }
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan)
        => PimRoleSettings.ScubaPrivilegedRoles.Count(r => PimRoleSettings.Of(inventory, r.RoleId) is not null);
}

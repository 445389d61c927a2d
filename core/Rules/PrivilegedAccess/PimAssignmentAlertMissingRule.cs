using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.PrivilegedAccess;

/// <summary>
/// Assigning a highly privileged role (ScubaGear's default list) in PIM, eligible or active, alerts no one beyond PIM's
/// default recipients: its <c>Notification_Admin_Admin_Eligibility</c> or <c>Notification_Admin_Admin_Assignment</c> rule
/// names no additional recipient. ScubaGear MS.AAD.7.7v1 (cisagov/ScubaGear@4d34e9a PowerShell/ScubaGear/Rego/AADConfig.rego,
/// RolesWithoutActiveAssignmentAlerts, RolesWithoutEligibleAssignmentAlerts) fails on the same rules, and also on PIM for
/// Groups settings (not read here), and without Entra ID P2 where this rule is not evaluated. Low, as the activation alert.
/// </summary>
public sealed class PimAssignmentAlertMissingRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "pim-role-assignment-alert-missing",
        "Assigning a privileged role in PIM alerts no one beyond the defaults",
        RuleCategory.PrivilegedAccess,
        Severity.Low,
        ObjectTypes.RoleDefinition,
        PimRoleSettings.Inputs,
        ["role", "alertsWithoutRecipients"],
        [FrameworkReference.Scuba("MS.AAD.7.7v1").Partially("PIM for Groups settings are not read; without Entra ID P2 ScubaGear fails where IdentityOps reports not evaluated")]);

    public override string? NotEvaluatedBecause(TenantInventory inventory) => PimRoleSettings.WithoutP2(inventory);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        foreach (var (roleId, name) in PimRoleSettings.ScubaPrivilegedRoles)
        {
            if (PimRoleSettings.Of(inventory, roleId) is not { } policy)
            {
                continue;
            }

            string[] silent = [.. new[] { ("eligibilityAlert", "eligible assignment"), ("assignmentAlert", "active assignment") }
                .Where(a => PimRoleSettings.AdditionalRecipients(policy, a.Item1) == 0).Select(a => a.Item2)];
            if (silent.Length > 0)
            {
                yield return new RuleHit(roleId, name, new Evidence { { "role", name }, { "alertsWithoutRecipients", silent } });
            }
        }
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan)
        => PimRoleSettings.ScubaPrivilegedRoles.Count(r => PimRoleSettings.Of(inventory, r.RoleId) is not null);
}

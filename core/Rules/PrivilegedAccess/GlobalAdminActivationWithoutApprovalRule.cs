using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules.TenantPolicies;

namespace IdentityOps.Core.Rules.PrivilegedAccess;

/// <summary>
/// An eligible Global Administrator activates the role in PIM without anyone approving (the role's
/// <c>Approval_EndUser_Assignment</c> rule has <c>isApprovalRequired</c> false, PIM's default). ScubaGear MS.AAD.7.6v1
/// (cisagov/ScubaGear@4d34e9a PowerShell/ScubaGear/Rego/AADConfig.rego, RolesWithoutApprovalRequired) fails on the same
/// rule, but also on PIM for Groups policies of groups that hold the role (not read here) and, without Entra ID P2, fails
/// where this rule is not evaluated. Medium, not High: it is PIM's default, and activation still needs MFA.
/// </summary>
public sealed class GlobalAdminActivationWithoutApprovalRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "pim-global-admin-activation-without-approval",
        "Global Administrator can be activated in PIM without approval",
        RuleCategory.PrivilegedAccess,
        Severity.Medium,
        ObjectTypes.RoleDefinition,
        PimRoleSettings.Inputs,
        ["role", "approvalRequired", "approvers", "maximumDuration"],
        [FrameworkReference.Scuba("MS.AAD.7.6v1").Partially("ScubaGear also reads the PIM for Groups settings of groups that hold Global Administrator, and fails without Entra ID P2 where IdentityOps reports not evaluated")]);

    public override string? NotEvaluatedBecause(TenantInventory inventory)
        => PimRoleSettings.WithoutP2(inventory)
           ?? (PimRoleSettings.Of(inventory, PimRoleSettings.GlobalAdministrator) is null ? "not evaluated: roleManagementPolicies has no PIM settings for Global Administrator" : null);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        if (PimRoleSettings.Of(inventory, PimRoleSettings.GlobalAdministrator) is not { } policy || PolicySettings.Bool(policy, "activationApprovalRequired") != false)
        {
            yield break;
        }

        yield return new RuleHit(PimRoleSettings.GlobalAdministrator, "Global Administrator", new Evidence
        {
            { "role", "Global Administrator" },
            { "approvalRequired", false },
            { "approvers", PolicySettings.Property(policy, "activationApprovers")?.GetInt32() ?? 0 },
            { "maximumDuration", PolicySettings.String(policy, "activationMaximumDuration") },
        });
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => 1;
}

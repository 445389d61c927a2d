using System.Text.Json;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Rules.PrivilegedAccess;
using Xunit;
using static IdentityOps.Core.Tests.Rules.Records;

namespace IdentityOps.Core.Tests.Rules.PrivilegedAccess;

/// <summary>PIM's role settings: ScubaGear MS.AAD.7.6 (approval) and 7.7–7.9 (alerts), issue 19 C.</summary>
public sealed class PimRoleSettingsRulesTests
{
    private const string GlobalAdministrator = "62e90394-69f5-4237-9190-012177145e10";
    private const string UserAdministrator = "fe930be7-5e62-47db-91af-98c3a49a38b1";

    // As RoleManagementPoliciesReader stores a role's settings.
    private static TenantPolicyRecord Pim(string roleId, bool approval, int activationRecipients = 1, int assignmentRecipients = 1, int eligibilityRecipients = 1)
        => Policy("roleManagementPolicy", roleId, JsonSerializer.Serialize(new
        {
            policyId = "DirectoryRole_x_" + roleId,
            activationApprovalRequired = approval,
            activationApprovers = approval ? 2 : 0,
            activationEnabledRules = new[] { "MultiFactorAuthentication" },
            activationMaximumDuration = "PT8H",
            assignmentAlert = new { notificationType = "Email", isDefaultRecipientsEnabled = true, additionalRecipients = assignmentRecipients },
            eligibilityAlert = new { notificationType = "Email", isDefaultRecipientsEnabled = true, additionalRecipients = eligibilityRecipients },
            activationAlert = new { notificationType = "Email", isDefaultRecipientsEnabled = true, additionalRecipients = activationRecipients },
        }), name: "DirectoryRole");

    private static TenantInventory Of(params TenantPolicyRecord[] policies) => new() { Policies = policies };

    [Fact]
    public void Global_admin_activation_without_approval_is_a_medium_finding()
    {
        var finding = RuleAssert.SingleFinding<GlobalAdminActivationWithoutApprovalRule>(Of(Pim(GlobalAdministrator, approval: false), Pim(UserAdministrator, approval: false)));

        Assert.Equal((GlobalAdministrator, Severity.Medium), (finding.ObjectId, finding.Rule.Severity));
        Assert.Contains("for up to PT8H at a time", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Global_admin_activation_with_approval_passes() => RuleAssert.NoFinding<GlobalAdminActivationWithoutApprovalRule>(Of(Pim(GlobalAdministrator, approval: true)));

    [Fact]
    public void Approval_rule_is_not_evaluated_without_PIM_settings_or_without_Global_Administrators()
    {
        RuleAssert.NotEvaluatedWithout<GlobalAdminActivationWithoutApprovalRule>(Of(Pim(GlobalAdministrator, approval: false)));
        var outcome = RuleAssert.Run<GlobalAdminActivationWithoutApprovalRule>(Of(Pim(UserAdministrator, approval: false))).Outcomes.Single();
        Assert.Equal((false, "not evaluated: roleManagementPolicies has no PIM settings for Global Administrator"), (outcome.Evaluated, outcome.NotEvaluatedReason));
    }

    [Fact]
    public void Without_P2_the_PIM_settings_apply_to_nothing_and_no_rule_over_them_is_evaluated()
    {
        var withoutP2 = Of(Pim(GlobalAdministrator, approval: false, activationRecipients: 0, assignmentRecipients: 0), Policy("organization", "org", JsonSerializer.Serialize(new { entraIdP1 = true, entraIdP2 = false })));

        foreach (var outcome in new[] { RuleAssert.Run<GlobalAdminActivationWithoutApprovalRule>(withoutP2), RuleAssert.Run<PimActivationAlertMissingRule>(withoutP2), RuleAssert.Run<PimAssignmentAlertMissingRule>(withoutP2) }.Select(e => e.Outcomes.Single()))
        {
            Assert.False(outcome.Evaluated);
            Assert.Contains("no Microsoft Entra ID P2", outcome.NotEvaluatedReason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_privileged_role_activated_with_no_extra_recipient_is_a_low_finding_per_role()
    {
        var evaluation = RuleAssert.Run<PimActivationAlertMissingRule>(Of(Pim(GlobalAdministrator, true, activationRecipients: 0), Pim(UserAdministrator, true, activationRecipients: 0), Pim("88d8e3e3-8f55-4a1e-953a-9b9898b8876b", true, activationRecipients: 0)));

        Assert.Equal([GlobalAdministrator, UserAdministrator], evaluation.Findings.Select(f => f.ObjectId));
        Assert.All(evaluation.Findings, f => Assert.Equal(Severity.Low, f.Rule.Severity));
    }

    [Fact]
    public void Activation_alerts_with_recipients_pass() => RuleAssert.NoFinding<PimActivationAlertMissingRule>(Of(Pim(GlobalAdministrator, true), Pim(UserAdministrator, true)));

    [Fact]
    public void Activation_alert_rule_is_not_evaluated_without_PIM_settings() => RuleAssert.NotEvaluatedWithout<PimActivationAlertMissingRule>(Of());

    [Fact]
    public void An_eligible_assignment_alert_with_no_extra_recipient_is_a_finding()
    {
        var finding = RuleAssert.SingleFinding<PimAssignmentAlertMissingRule>(Of(Pim(GlobalAdministrator, true, eligibilityRecipients: 0), Pim(UserAdministrator, true)));

        Assert.Equal(["eligible assignment"], RuleAssert.Strings(finding, "alertsWithoutRecipients"));
    }

    [Fact]
    public void Assignment_alerts_with_recipients_pass() => RuleAssert.NoFinding<PimAssignmentAlertMissingRule>(Of(Pim(GlobalAdministrator, true)));

    [Fact]
    public void Assignment_alert_rule_is_not_evaluated_without_PIM_settings() => RuleAssert.NotEvaluatedWithout<PimAssignmentAlertMissingRule>(Of());
}

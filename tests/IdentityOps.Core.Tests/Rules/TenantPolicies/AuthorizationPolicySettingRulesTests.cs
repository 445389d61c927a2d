using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Rules.Engine;
using IdentityOps.Core.Rules.TenantPolicies;
using Xunit;
using static IdentityOps.Core.Tests.Rules.Records;

namespace IdentityOps.Core.Tests.Rules.TenantPolicies;

/// <summary>
/// issue 19 B: the authorization-policy settings EIDSCA, CIS and Maester read, one rule each; the faulty value is a finding
/// on the authorization policy, the safe value passes, an unset setting takes the value Microsoft applies by default.
/// </summary>
public sealed class AuthorizationPolicySettingRulesTests
{
    private const string Limited = "10dae51f-b6af-4016-8d66-8c2a99b929b3";
    private const string Restricted = "2af84b1e-32c8-42b7-82bc-daa82404023b";
    private const string MemberAccess = "a0b1b346-4d3e-4e8b-98f8-753987be4970";
    private const string Legacy = "ManagePermissionGrantsForSelf.microsoft-user-default-legacy";

    private static TenantInventory With(Dictionary<string, object?> settings) => new() { Policies = [Authorization(settings)] };

    private static RuleEvaluation Run(Type ruleType, TenantInventory inventory)
        => new RuleEngine(new RuleCatalog([(PostureRule)Activator.CreateInstance(ruleType)!])).Evaluate(inventory, Facts());

    [Theory]
    [InlineData(typeof(UsersCanCreateTenantsRule), "allowedToCreateTenants", true, Severity.Low)]
    [InlineData(typeof(UsersCanCreateSecurityGroupsRule), "allowedToCreateSecurityGroups", true, Severity.Low)]
    [InlineData(typeof(MsolPowerShellNotBlockedRule), "blockMsolPowerShell", false, Severity.Low)]
    [InlineData(typeof(UsersCanReadOwnBitLockerKeysRule), "allowedToReadBitlockerKeysForOwnedDevice", true, Severity.Low)]
    [InlineData(typeof(EmailSubscriptionSignUpRule), "allowedToSignUpEmailBasedSubscriptions", true, Severity.Low)]
    [InlineData(typeof(EmailVerifiedUsersCanJoinRule), "allowEmailVerifiedUsersToJoinOrganization", true, Severity.Low)]
    [InlineData(typeof(UsersCanConsentToRiskyAppsRule), "allowUserConsentForRiskyApps", true, Severity.Medium)]
    [InlineData(typeof(UsersCannotReadOtherUsersRule), "allowedToReadOtherUsers", false, Severity.Info)]
    public void The_faulty_value_is_a_finding_on_the_authorization_policy_that_shows_it(Type rule, string setting, bool faulty, Severity severity)
    {
        var evaluation = Run(rule, With(new() { [setting] = faulty }));

        var finding = Assert.Single(evaluation.Findings);
        Assert.Equal(("authorizationPolicy", severity, faulty), (finding.ObjectId, finding.Rule.Severity, finding.Evidence[setting]));
        Assert.Contains($"{setting} set to {faulty.ToString().ToLowerInvariant()}", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains("Update-MgPolicyAuthorizationPolicy", finding.Remediation, StringComparison.Ordinal);
        Assert.Equal((true, 1, 1), (evaluation.Outcomes.Single().Evaluated, evaluation.Outcomes.Single().ObjectsEvaluated, evaluation.Outcomes.Single().Findings));
    }

    [Theory]
    [InlineData(typeof(UsersCanCreateTenantsRule), "allowedToCreateTenants", false)]
    [InlineData(typeof(UsersCanCreateSecurityGroupsRule), "allowedToCreateSecurityGroups", false)]
    [InlineData(typeof(MsolPowerShellNotBlockedRule), "blockMsolPowerShell", true)]
    [InlineData(typeof(UsersCanReadOwnBitLockerKeysRule), "allowedToReadBitlockerKeysForOwnedDevice", false)]
    [InlineData(typeof(EmailSubscriptionSignUpRule), "allowedToSignUpEmailBasedSubscriptions", false)]
    [InlineData(typeof(EmailVerifiedUsersCanJoinRule), "allowEmailVerifiedUsersToJoinOrganization", false)]
    [InlineData(typeof(UsersCanConsentToRiskyAppsRule), "allowUserConsentForRiskyApps", false)]
    [InlineData(typeof(UsersCannotReadOtherUsersRule), "allowedToReadOtherUsers", true)]
    public void The_safe_value_passes_and_counts_as_evaluated(Type rule, string setting, bool safe)
    {
        var outcome = Run(rule, With(new() { [setting] = safe }));

        Assert.Empty(outcome.Findings);
        Assert.True(outcome.Outcomes.Single().Evaluated);
        Assert.Equal(1, outcome.Outcomes.Single().ObjectsEvaluated);
    }

    [Theory]
    [InlineData(typeof(UsersCanCreateTenantsRule), "allowedToCreateTenants", true)]
    [InlineData(typeof(UsersCanCreateSecurityGroupsRule), "allowedToCreateSecurityGroups", true)]
    [InlineData(typeof(MsolPowerShellNotBlockedRule), "blockMsolPowerShell", true)]
    [InlineData(typeof(UsersCanReadOwnBitLockerKeysRule), "allowedToReadBitlockerKeysForOwnedDevice", true)]
    [InlineData(typeof(EmailSubscriptionSignUpRule), "allowedToSignUpEmailBasedSubscriptions", true)]
    [InlineData(typeof(EmailVerifiedUsersCanJoinRule), "allowEmailVerifiedUsersToJoinOrganization", true)]
    [InlineData(typeof(UsersCannotReadOtherUsersRule), "allowedToReadOtherUsers", false)]
    [InlineData(typeof(UsersCanConsentToRiskyAppsRule), "allowUserConsentForRiskyApps", false)]
    public void An_unset_setting_takes_Microsofts_default_and_a_finding_on_it_says_so(Type rule, string setting, bool fails)
    {
        // Microsoft's own example response sends blockMsolPowerShell as null and leaves allowedToCreateTenants out.
        foreach (var inventory in new[] { With(new() { [setting] = null }), With(new() { ["allowedToCreateApps"] = false }) })
        {
            var evaluation = Run(rule, inventory);

            Assert.True(evaluation.Outcomes.Single().Evaluated);
            Assert.Equal(fails, evaluation.Findings.Count == 1);
            Assert.All(evaluation.Findings, f => Assert.Contains(f.Signals, s => s.Name == "unset" && s.Reason.Contains(setting, StringComparison.Ordinal)));
        }
    }

    [Fact]
    public void Unset_guest_access_is_Microsofts_default_limited_access_and_passes()
        => RuleAssert.NoFinding<GuestAccessNotRestrictedRule>(With(new() { ["guestUserRoleId"] = null }));

    [Fact]
    public void Every_setting_rule_is_not_evaluated_without_the_authorization_policy()
    {
        var faulty = With(new()
        {
            ["allowedToCreateTenants"] = true, ["allowedToCreateSecurityGroups"] = true, ["blockMsolPowerShell"] = false,
            ["allowedToReadBitlockerKeysForOwnedDevice"] = true, ["allowedToSignUpEmailBasedSubscriptions"] = true,
            ["allowEmailVerifiedUsersToJoinOrganization"] = true, ["allowUserConsentForRiskyApps"] = true, ["allowedToReadOtherUsers"] = false,
            ["guestUserRoleId"] = MemberAccess,
        });

        RuleAssert.NotEvaluatedWithout<UsersCanCreateTenantsRule>(faulty);
        RuleAssert.NotEvaluatedWithout<UsersCanCreateSecurityGroupsRule>(faulty);
        RuleAssert.NotEvaluatedWithout<MsolPowerShellNotBlockedRule>(faulty);
        RuleAssert.NotEvaluatedWithout<UsersCanReadOwnBitLockerKeysRule>(faulty);
        RuleAssert.NotEvaluatedWithout<EmailSubscriptionSignUpRule>(faulty);
        RuleAssert.NotEvaluatedWithout<EmailVerifiedUsersCanJoinRule>(faulty);
        RuleAssert.NotEvaluatedWithout<UsersCanConsentToRiskyAppsRule>(faulty);
        RuleAssert.NotEvaluatedWithout<UsersCannotReadOtherUsersRule>(faulty);
        RuleAssert.NotEvaluatedWithout<GuestAccessNotRestrictedRule>(faulty);
    }

    [Fact]
    public void Guests_with_member_access_are_a_medium_finding()
    {
        var finding = RuleAssert.SingleFinding<GuestAccessNotRestrictedRule>(With(new() { ["guestUserRoleId"] = MemberAccess }));

        Assert.Equal(Severity.Medium, finding.Rule.Severity);
        Assert.Equal("same as member users", finding.Evidence["guestAccessLevel"]);
        Assert.Contains($"has guestUserRoleId {MemberAccess} (same as member users): guest users have the same directory access as members", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_guest_role_Entra_does_not_document_fails_as_ScubaGear_and_Maester_fail_it()
    {
        var finding = RuleAssert.SingleFinding<GuestAccessNotRestrictedRule>(With(new() { ["guestUserRoleId"] = "62e90394-69f5-4237-9190-012177145e10" }));

        Assert.Equal("unknown role", finding.Evidence["guestAccessLevel"]);
        Assert.Contains("none of the guest access levels Microsoft documents", finding.Explanation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Limited)]
    [InlineData(Restricted)]
    [InlineData("2AF84B1E-32C8-42B7-82BC-DAA82404023B")]
    public void Limited_and_restricted_guest_access_pass(string roleId)
        => RuleAssert.NoFinding<GuestAccessNotRestrictedRule>(With(new() { ["guestUserRoleId"] = roleId }));

    [Fact]
    public void Risky_app_consent_unset_is_Graphs_documented_default_false_and_passes()
        => RuleAssert.NoFinding<UsersCanConsentToRiskyAppsRule>(With(new() { ["allowUserConsentForRiskyApps"] = null }));

    [Fact]
    public void Risky_app_consent_weighs_less_when_users_may_consent_to_nothing()
    {
        var withoutConsent = RuleAssert.SingleFinding<UsersCanConsentToRiskyAppsRule>(With(new() { ["allowUserConsentForRiskyApps"] = true, ["permissionGrantPoliciesAssigned"] = Array.Empty<string>() }));
        var withConsent = RuleAssert.SingleFinding<UsersCanConsentToRiskyAppsRule>(With(new() { ["allowUserConsentForRiskyApps"] = true, ["permissionGrantPoliciesAssigned"] = new[] { Legacy } }));

        Assert.Equal("no-user-consent", Assert.Single(withoutConsent.Signals).Name);
        Assert.Empty(withConsent.Signals);
        Assert.True(withoutConsent.Score < withConsent.Score);
    }

    [Theory]
    [InlineData("AdminsGuestInvitersAndAllMembers")]
    [InlineData("everyone")]
    public void Invitations_beyond_admins_and_Guest_Inviters_fail_as_EIDSCA_and_Maesters_CISA_test_fail(string invitesFrom)
    {
        var finding = RuleAssert.SingleFinding<GuestInvitesNotLimitedRule>(With(new() { ["allowInvitesFrom"] = invitesFrom }));

        Assert.Equal(invitesFrom, finding.Evidence["allowInvitesFrom"]);
        Assert.Equal(invitesFrom == "everyone", finding.Explanation.Contains("and any guest,", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("AdminsAndGuestInviters")]
    [InlineData("None")]
    public void Invitations_limited_to_admins_and_Guest_Inviters_or_to_nobody_pass(string invitesFrom)
        => RuleAssert.NoFinding<GuestInvitesNotLimitedRule>(With(new() { ["allowInvitesFrom"] = invitesFrom }));

    [Fact]
    public void When_everyone_may_invite_one_finding_carries_both_rules()
    {
        var evaluation = new RuleEngine(new RuleCatalog([new GuestInvitesEveryoneRule(), new GuestInvitesNotLimitedRule()]))
            .Evaluate(With(new() { ["allowInvitesFrom"] = "Everyone" }), Facts());

        var finding = Assert.Single(evaluation.Findings);
        Assert.Equal("policy-guest-invites-everyone", finding.Rule.Id);
        Assert.Contains(finding.Signals, s => s.Name == "also-policy-guest-invites-not-limited");
    }

    [Fact]
    public void The_invitation_rule_is_not_evaluated_without_the_policy()
        => RuleAssert.NotEvaluatedWithout<GuestInvitesNotLimitedRule>(With(new() { ["allowInvitesFrom"] = "everyone" }));
}

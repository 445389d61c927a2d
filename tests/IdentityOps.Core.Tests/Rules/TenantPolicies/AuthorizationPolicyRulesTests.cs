using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Rules.TenantPolicies;
using Xunit;
using static IdentityOps.Core.Tests.Rules.Records;

namespace IdentityOps.Core.Tests.Rules.TenantPolicies;

/// <summary>User consent, app registration and guest invitations: the authorization policy's settings.</summary>
public sealed class AuthorizationPolicyRulesTests
{
    private const string Legacy = "ManagePermissionGrantsForSelf.microsoft-user-default-legacy";
    private const string LowImpact = "ManagePermissionGrantsForSelf.microsoft-user-default-low";
    private const string GroupOwnerConsent = "ManagePermissionGrantsForOwnedResource.microsoft-dynamically-managed-permissions-for-team";

    // The collector stores allowInvitesFrom as the Graph SDK's enum name.
    private static TenantInventory With(string[] grantPolicies, bool createApps = false, string invitesFrom = "AdminsAndGuestInviters", bool? riskyApps = null) => new()
    {
        Policies = [Authorization(new { allowInvitesFrom = invitesFrom, allowedToCreateApps = createApps, permissionGrantPoliciesAssigned = grantPolicies, allowUserConsentForRiskyApps = riskyApps })],
    };

    [Fact]
    public void Legacy_user_consent_is_a_high_finding_on_the_authorization_policy()
    {
        var finding = RuleAssert.SingleFinding<UsersCanConsentRule>(With([Legacy, GroupOwnerConsent], riskyApps: true));

        Assert.Equal(("authorizationPolicy", Severity.High), (finding.ObjectId, finding.Rule.Severity));
        Assert.Equal([Legacy], RuleAssert.Strings(finding, "selfConsentPolicies"));
        Assert.Equal("risky-apps-consent", Assert.Single(finding.Signals).Name);
        Assert.Contains($"assigns users the self-consent policy {Legacy} (all assigned: {Legacy}, {GroupOwnerConsent})", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_custom_self_consent_policy_is_counted_as_broad_because_its_conditions_are_unread()
    {
        var finding = RuleAssert.SingleFinding<UsersCanConsentRule>(With(["ManagePermissionGrantsForSelf.contoso-custom"]));

        Assert.Contains("These are custom self-consent policies: their conditions are not read by this scan", finding.Explanation, StringComparison.Ordinal);
        Assert.Empty(finding.Signals);
    }

    [Fact]
    public void Low_impact_consent_is_not_the_broad_finding_but_a_low_one()
    {
        var inventory = With([LowImpact]);

        RuleAssert.NoFinding<UsersCanConsentRule>(inventory);
        Assert.Equal(Severity.Low, RuleAssert.SingleFinding<UsersCanConsentLowImpactRule>(inventory).Rule.Severity);
    }

    [Fact]
    public void Microsofts_managed_consent_policy_is_its_recommendation_and_not_the_broad_finding()
    {
        // "Let Microsoft manage your consent settings (Recommended)" is built in and Microsoft-managed, not custom.
        var inventory = With(["ManagePermissionGrantsForSelf.microsoft-user-default-recommended", GroupOwnerConsent]);

        RuleAssert.NoFinding<UsersCanConsentRule>(inventory);
        var finding = RuleAssert.SingleFinding<UsersCanConsentLowImpactRule>(inventory);
        Assert.Equal(Severity.Low, finding.Rule.Severity);
        Assert.Contains("Microsoft manages which apps and permissions users may consent to", finding.Explanation, StringComparison.Ordinal);
        Assert.DoesNotContain("custom", finding.Explanation, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Microsofts_managed_policy_beside_the_legacy_one_is_still_the_broad_finding()
    {
        var inventory = With(["ManagePermissionGrantsForSelf.microsoft-user-default-recommended", Legacy]);

        Assert.Equal([Legacy], RuleAssert.Strings(RuleAssert.SingleFinding<UsersCanConsentRule>(inventory), "selfConsentPolicies"));
        RuleAssert.NoFinding<UsersCanConsentLowImpactRule>(inventory);
    }

    [Fact]
    public void No_self_consent_passes_both_consent_rules()
    {
        var inventory = With([GroupOwnerConsent]);

        RuleAssert.NoFinding<UsersCanConsentRule>(inventory);
        RuleAssert.NoFinding<UsersCanConsentLowImpactRule>(inventory);
    }

    [Fact]
    public void Consent_rules_are_not_evaluated_without_the_authorization_policy()
    {
        RuleAssert.NotEvaluatedWithout<UsersCanConsentRule>(With([Legacy]));
        RuleAssert.NotEvaluatedWithout<UsersCanConsentLowImpactRule>(With([LowImpact]));
    }

    [Fact]
    public void Users_who_can_register_and_consent_weigh_more()
    {
        var finding = RuleAssert.SingleFinding<UsersCanRegisterAppsRule>(With([Legacy], createApps: true));

        Assert.Equal(2.5m, finding.Score); // Low (docs/risk-score.md: hygiene) 2 × 1.25 when users can also consent
        Assert.Contains("has defaultUserRolePermissions.allowedToCreateApps set to true", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Users_who_cannot_register_apps_pass() => RuleAssert.NoFinding<UsersCanRegisterAppsRule>(With([], createApps: false));

    [Fact]
    public void App_registration_rule_is_not_evaluated_without_the_authorization_policy() => RuleAssert.NotEvaluatedWithout<UsersCanRegisterAppsRule>(With([], createApps: true));

    [Fact]
    public void Everyone_may_invite_guests()
    {
        var finding = RuleAssert.SingleFinding<GuestInvitesEveryoneRule>(With([], invitesFrom: "Everyone"));

        Assert.Contains("has allowInvitesFrom set to Everyone", finding.Explanation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AdminsAndGuestInviters")]
    [InlineData("adminsGuestInvitersAndAllMembers")]
    [InlineData("None")]
    public void Narrower_invitation_settings_pass(string invitesFrom) => RuleAssert.NoFinding<GuestInvitesEveryoneRule>(With([], invitesFrom: invitesFrom));

    [Fact]
    public void Guest_invitation_rule_is_not_evaluated_without_the_authorization_policy() => RuleAssert.NotEvaluatedWithout<GuestInvitesEveryoneRule>(With([], invitesFrom: "everyone"));
}

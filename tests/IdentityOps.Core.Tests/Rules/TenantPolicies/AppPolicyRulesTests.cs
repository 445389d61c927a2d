using System.Text.Json;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Rules.TenantPolicies;
using Xunit;
using static IdentityOps.Core.Tests.Rules.Records;

namespace IdentityOps.Core.Tests.Rules.TenantPolicies;

/// <summary>The admin consent workflow and the default app management policy.</summary>
public sealed class AppPolicyRulesTests
{
    private static TenantInventory ConsentRequests(bool enabled, int reviewers) => new()
    {
        Policies = [Policy("adminConsentRequestPolicy", "adminConsentRequestPolicy", JsonSerializer.Serialize(new { isEnabled = enabled, reviewers, notifyReviewers = true, requestDurationInDays = 30 }))],
    };

    // As DefaultAppManagementPolicyReader stores it: restriction types as the SDK's enum names, lifetimes in days.
    private static TenantInventory AppManagement(bool enabled, params object[] passwordRestrictions) => new()
    {
        Policies = [Policy("defaultAppManagementPolicy", "00000000-0000-0000-0000-000000000000", JsonSerializer.Serialize(new { isEnabled = enabled, passwordCredentials = passwordRestrictions, keyCredentials = Array.Empty<object>() }), name: "Default app management tenant policy")],
    };

    [Fact]
    public void Admin_consent_workflow_off_is_a_low_finding()
    {
        var finding = RuleAssert.SingleFinding<AdminConsentWorkflowOffRule>(ConsentRequests(false, 0));

        Assert.Equal(("adminConsentRequestPolicy", Severity.Low), (finding.ObjectId, finding.Rule.Severity));
        Assert.StartsWith("The admin consent workflow is off (adminConsentRequestPolicy.isEnabled is false).", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Admin_consent_workflow_without_reviewers_reaches_nobody()
        => Assert.StartsWith("The admin consent workflow is on but has 0 reviewers", RuleAssert.SingleFinding<AdminConsentWorkflowOffRule>(ConsentRequests(true, 0)).Explanation, StringComparison.Ordinal);

    [Fact]
    public void Admin_consent_workflow_with_reviewers_passes() => RuleAssert.NoFinding<AdminConsentWorkflowOffRule>(ConsentRequests(true, 2));

    [Fact]
    public void Admin_consent_rule_is_not_evaluated_without_the_policy() => RuleAssert.NotEvaluatedWithout<AdminConsentWorkflowOffRule>(ConsentRequests(false, 0));

    [Fact]
    public void A_disabled_app_management_policy_restricts_nothing()
    {
        var finding = RuleAssert.SingleFinding<AppCredentialLifetimeUnrestrictedRule>(AppManagement(false, new { restrictionType = "PasswordLifetime", maxLifetimeDays = 180.0 }));

        Assert.Null(finding.Evidence["passwordLifetimeDays"]);
        Assert.StartsWith("The tenant's default app management policy \"Default app management tenant policy\" is disabled", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_two_year_lifetime_is_longer_than_the_tenant_maximum()
    {
        var finding = RuleAssert.SingleFinding<AppCredentialLifetimeUnrestrictedRule>(AppManagement(true, new { restrictionType = "PasswordLifetime", maxLifetimeDays = 730.0 }));

        Assert.Contains("limits client secrets to 730 days, more than this tenant's maximum of 365 days", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_disabled_restriction_does_not_count()
        => Assert.Contains(
            "neither blocks new client secrets nor limits their lifetime",
            RuleAssert.SingleFinding<AppCredentialLifetimeUnrestrictedRule>(AppManagement(true, new { restrictionType = "PasswordLifetime", maxLifetimeDays = 180.0, state = "Disabled" })).Explanation,
            StringComparison.Ordinal);

    [Theory]
    [InlineData("PasswordLifetime", 180.0)]
    [InlineData("PasswordAddition", null)]
    public void A_six_month_lifetime_or_no_secrets_at_all_passes(string type, double? days)
        => RuleAssert.NoFinding<AppCredentialLifetimeUnrestrictedRule>(AppManagement(true, new { restrictionType = type, maxLifetimeDays = days }));

    [Fact]
    public void App_management_rule_is_not_evaluated_without_the_policy() => RuleAssert.NotEvaluatedWithout<AppCredentialLifetimeUnrestrictedRule>(AppManagement(false));
}

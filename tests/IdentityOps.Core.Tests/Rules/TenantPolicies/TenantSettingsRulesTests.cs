using System.Text.Json;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Rules.TenantPolicies;
using Xunit;
using static IdentityOps.Core.Tests.Rules.Records;

namespace IdentityOps.Core.Tests.Rules.TenantPolicies;

/// <summary>Domains' password expiry (CIS 1.3.1) and the directory settings EIDSCA reads (ST08, PR05, PR06), issue 19 C.</summary>
public sealed class TenantSettingsRulesTests
{
    private const string GroupUnified = "62375ab9-6b52-47ed-826b-58e47e0e304b";
    private const string PasswordRules = "5cf42378-d67d-4f36-ba46-e8b86229381d";

    // As DomainsReader stores a domain.
    private static TenantPolicyRecord Domain(string name, bool verified, string authenticationType, int? validityDays, bool isDefault = false)
        => Policy("domain", name, JsonSerializer.Serialize(new { isVerified = verified, isDefault, authenticationType, passwordValidityPeriodInDays = validityDays }), name: name);

    // As DirectorySettingsReader stores a settings object.
    private static TenantPolicyRecord Setting(string id, string name, string templateId, params (string Name, string Value)[] values)
        => Policy("directorySettings", id, JsonSerializer.Serialize(new { templateId, values = values.ToDictionary(v => v.Name, v => v.Value) }), name: name);

    private static TenantInventory Of(params TenantPolicyRecord[] policies) => new() { Policies = policies };

    [Fact]
    public void A_managed_verified_domain_whose_passwords_expire_is_a_low_finding()
    {
        var finding = RuleAssert.SingleFinding<DomainPasswordExpiryRule>(Of(Domain("contoso.example", true, "Managed", 90, isDefault: true), Domain("contoso.onmicrosoft.com", true, "Managed", int.MaxValue)));

        Assert.Equal(("contoso.example", Severity.Low, 90), (finding.ObjectId, finding.Rule.Severity, (int)finding.Evidence["passwordValidityPeriodInDays"]!));
        Assert.Contains("(the tenant's default domain) makes its users' passwords expire after 90 days", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Federated_unverified_never_expiring_and_unset_domains_pass_as_in_Maester()
        => RuleAssert.NoFinding<DomainPasswordExpiryRule>(Of(
            Domain("corp.contoso.example", true, "Federated", 90), Domain("new.contoso.example", false, "Managed", 90),
            Domain("contoso.example", true, "Managed", int.MaxValue), Domain("other.contoso.example", true, "Managed", null)));

    [Fact]
    public void Domain_rule_is_not_evaluated_without_domains() => RuleAssert.NotEvaluatedWithout<DomainPasswordExpiryRule>(Of());

    [Fact]
    public void Guests_allowed_to_own_groups_is_a_low_finding_on_the_setting()
    {
        var finding = RuleAssert.SingleFinding<GuestsCanOwnGroupsRule>(Of(Setting("s1", "Group.Unified", GroupUnified, ("AllowGuestsToBeGroupOwner", "true"))));

        Assert.Equal(("s1", Severity.Low), (finding.ObjectId, finding.Rule.Severity));
    }

    [Theory]
    [InlineData("false")]
    [InlineData("")]
    public void Guests_not_allowed_or_the_default_pass(string value)
        => RuleAssert.NoFinding<GuestsCanOwnGroupsRule>(Of(Setting("s1", "Group.Unified", GroupUnified, ("AllowGuestsToBeGroupOwner", value))));

    [Fact]
    public void No_group_setting_means_the_default_and_passes() => RuleAssert.NoFinding<GuestsCanOwnGroupsRule>(Of());

    [Fact]
    public void Guest_owner_rule_is_not_evaluated_without_directory_settings() => RuleAssert.NotEvaluatedWithout<GuestsCanOwnGroupsRule>(Of());

    [Theory]
    [InlineData("50", "60")]
    [InlineData("10", "30")]
    public void A_higher_threshold_or_a_shorter_lockout_is_a_low_finding(string threshold, string duration)
    {
        var finding = RuleAssert.SingleFinding<SmartLockoutWeakRule>(Of(Setting("p1", "Password Rule Settings", PasswordRules, ("LockoutThreshold", threshold), ("LockoutDurationInSeconds", duration))));

        Assert.Equal(("p1", Severity.Low, int.Parse(threshold, System.Globalization.CultureInfo.InvariantCulture)), (finding.ObjectId, finding.Rule.Severity, (int)finding.Evidence["lockoutThreshold"]!));
    }

    [Fact]
    public void Defaults_and_stricter_values_pass()
    {
        RuleAssert.NoFinding<SmartLockoutWeakRule>(Of(Setting("p1", "Password Rule Settings", PasswordRules, ("LockoutThreshold", "5"), ("LockoutDurationInSeconds", "300"))));
        RuleAssert.NoFinding<SmartLockoutWeakRule>(Of(Setting("p1", "Password Rule Settings", PasswordRules, ("LockoutThreshold", ""))));
        RuleAssert.NoFinding<SmartLockoutWeakRule>(Of());
    }

    [Fact]
    public void Smart_lockout_rule_is_not_evaluated_without_directory_settings() => RuleAssert.NotEvaluatedWithout<SmartLockoutWeakRule>(Of());
}

using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Rules.TenantPolicies;
using Xunit;
using static IdentityOps.Core.Tests.Rules.Records;

namespace IdentityOps.Core.Tests.Rules.TenantPolicies;

/// <summary>Issue 17 item 5: "0 of 0 excluded" was a pass under CIS 1.1.2 ("two emergency access accounts"); now it is a finding.</summary>
public sealed class BreakGlassNotConfiguredRuleTests
{
    private static readonly TenantInventory Directory = new() { Users = [User(1, "Break glass 1"), User(2, "Break glass 2"), User(3, "Old break glass", enabled: false)] };

    [Fact]
    public void No_break_glass_accounts_configured_is_a_finding()
    {
        var finding = RuleAssert.SingleFinding<BreakGlassNotConfiguredRule>(Directory);

        Assert.Equal("tenant", finding.ObjectId);
        Assert.Equal(0, finding.Evidence["configuredAccounts"]);
        Assert.Contains("This tenant's settings name 0 emergency-access (break-glass) account(s).", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains("passkey (FIDO2 security key) or certificate-based authentication", finding.Remediation, StringComparison.Ordinal);
    }

    [Fact]
    public void One_account_or_one_usable_of_three_is_not_two()
    {
        Assert.Equal(["user1@contoso.example"], RuleAssert.Strings(RuleAssert.SingleFinding<BreakGlassNotConfiguredRule>(Directory, Settings(1)), "usableAccounts"));

        var finding = RuleAssert.SingleFinding<BreakGlassNotConfiguredRule>(Directory, Settings(1, 3, 9));
        Assert.Equal(["user3@contoso.example"], RuleAssert.Strings(finding, "disabledAccounts"));
        Assert.Equal([Id(9).ToString()], RuleAssert.Strings(finding, "accountsNotFound"));
        Assert.Contains("These are disabled and cannot sign in: user3@contoso.example.", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_usable_accounts_pass() => RuleAssert.NoFinding<BreakGlassNotConfiguredRule>(Directory, Settings(1, 2));

    [Fact]
    public void Break_glass_configuration_is_not_evaluated_without_users() => RuleAssert.NotEvaluatedWithout<BreakGlassNotConfiguredRule>(Directory, "users");

    private static RuleSettings Settings(params int[] accounts) => RuleSettings.Default with { BreakGlassAccounts = [.. accounts.Select(Id)] };
}

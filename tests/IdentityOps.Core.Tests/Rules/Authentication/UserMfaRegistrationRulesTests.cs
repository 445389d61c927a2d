using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Rules.Authentication;
using Xunit;
using static IdentityOps.Core.Tests.Rules.Records;

namespace IdentityOps.Core.Tests.Rules.Authentication;

/// <summary>The tenant-wide registration rules: MFA coverage of members, and accounts that depend on SMS or voice.</summary>
public sealed class UserMfaRegistrationRulesTests
{
    /// <summary>Twenty enabled members, of which the first <paramref name="unregistered"/> have no MFA, plus a guest without MFA and a disabled member without MFA.</summary>
    private static TenantInventory Members(int unregistered, Func<int, string[]>? methods = null)
    {
        var users = Enumerable.Range(1, 20).Select(n => User(n)).Append(User(21, userType: "Guest")).Append(User(22, enabled: false)).ToList();
        return new TenantInventory
        {
            Users = users,
            MfaRegistrations =
            [
                .. Enumerable.Range(1, 20).Where(n => n > unregistered).Select(n => Registration(Id(n), true, methods?.Invoke(n) ?? ["microsoftAuthenticatorPush"])),
                Registration(Id(21), false), Registration(Id(22), false),
            ],
        };
    }

    [Fact]
    public void Two_of_twenty_members_unregistered_is_ninety_percent_and_fails()
    {
        var finding = RuleAssert.SingleFinding<MfaRegistrationCoverageRule>(Members(2));

        Assert.Equal(Severity.Medium, finding.Rule.Severity);
        Assert.Equal(20, finding.Evidence["memberCount"]);
        Assert.Equal(90, finding.Evidence["coveragePercent"]);
        Assert.Equal(["user1@contoso.example", "user2@contoso.example"], RuleAssert.Strings(finding, "unregisteredUserPrincipalNames"));
        Assert.StartsWith("Only 18 of the tenant's 20 enabled member accounts (90 %) are registered for MFA, below the 95 %", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void One_of_twenty_is_ninety_five_percent_and_passes_guests_and_disabled_accounts_do_not_count()
        => RuleAssert.NoFinding<MfaRegistrationCoverageRule>(Members(1));

    [Fact]
    public void A_member_missing_from_a_non_empty_report_is_unregistered()
    {
        var inventory = Members(0);
        var partial = new TenantInventory { Users = inventory.Users, MfaRegistrations = inventory.MfaRegistrations.Where(r => r.UserId != Id(3) && r.UserId != Id(4)).ToList() };

        Assert.Equal(2, RuleAssert.SingleFinding<MfaRegistrationCoverageRule>(partial).Evidence["unregisteredCount"]);
    }

    [Fact]
    public void Break_glass_accounts_are_left_out()
        => RuleAssert.NoFinding<MfaRegistrationCoverageRule>(Members(2), RuleSettings.Default with { BreakGlassAccounts = [Id(1), Id(2)] });

    [Fact]
    public void Coverage_is_not_evaluated_without_the_registration_report() => RuleAssert.NotEvaluatedWithout<MfaRegistrationCoverageRule>(Members(2));

    [Fact]
    public void Accounts_with_only_sms_or_voice_beside_email_are_reported_once_for_the_tenant()
    {
        var finding = RuleAssert.SingleFinding<TelephoneOnlyMfaRule>(Members(0, n => n switch
        {
            1 => ["mobilePhone"],
            2 => ["email", "officePhone"],
            3 => ["mobilePhone", "softwareOneTimePasscode"],
            4 => ["mobilePhone", "fido2"],
            _ => ["microsoftAuthenticatorPush"],
        }));

        Assert.Equal(Severity.Low, finding.Rule.Severity);
        Assert.Equal(2, finding.Evidence["telephoneOnlyCount"]);
        Assert.Equal(["user1@contoso.example", "user2@contoso.example"], RuleAssert.Strings(finding, "userPrincipalNames"));
        Assert.StartsWith("2 of the 20 enabled accounts registered for MFA (10 %) can complete MFA only with a text message or a voice call", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void No_telephone_only_account_passes() => RuleAssert.NoFinding<TelephoneOnlyMfaRule>(Members(0));

    [Fact]
    public void Telephone_only_is_not_evaluated_without_the_registration_report()
        => RuleAssert.NotEvaluatedWithout<TelephoneOnlyMfaRule>(Members(0, _ => ["mobilePhone"]));
}

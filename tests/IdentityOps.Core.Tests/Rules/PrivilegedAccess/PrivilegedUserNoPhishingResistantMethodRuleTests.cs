using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Rules.PrivilegedAccess;
using Xunit;
using static IdentityOps.Core.Tests.Rules.Records;

namespace IdentityOps.Core.Tests.Rules.PrivilegedAccess;

public sealed class PrivilegedUserNoPhishingResistantMethodRuleTests
{
    private static TenantInventory Holding(UserRecord user, string roleId, params MfaRegistrationRecord[] registrations) => new()
    {
        Users = [user, User(99)],
        RoleDefinitions = [Role(GlobalAdministrator, "Global Administrator"), Role(SecurityAdministrator, "Security Administrator")],
        RoleAssignments = [RoleAssignment(roleId, user.ObjectId, "user")],
        MfaRegistrations = registrations,
    };

    [Fact]
    public void A_global_administrator_with_push_and_sms_only_is_a_medium_finding_weighted_as_control_plane()
    {
        var finding = RuleAssert.SingleFinding<PrivilegedUserNoPhishingResistantMethodRule>(
            Holding(User(1, "Alex"), GlobalAdministrator, Registration(Id(1), true, "mobilePhone", "microsoftAuthenticatorPush")));

        Assert.Equal(Severity.Medium, finding.Rule.Severity);
        Assert.Equal(["microsoftAuthenticatorPush", "mobilePhone"], RuleAssert.Strings(finding, "methodsRegistered"));
        Assert.Contains("only with methods that a phishing page can relay: microsoftAuthenticatorPush, mobilePhone", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains(finding.Signals, s => s.Name == "control-plane-role");
    }

    [Theory]
    [InlineData("fido2")]
    [InlineData("passKeyDeviceBoundAuthenticator")]
    [InlineData("windowsHelloForBusiness")]
    public void A_phishing_resistant_method_passes(string method)
        => RuleAssert.NoFinding<PrivilegedUserNoPhishingResistantMethodRule>(Holding(User(1), SecurityAdministrator, Registration(Id(1), true, "mobilePhone", method)));

    [Fact]
    public void An_unregistered_admin_is_left_to_the_no_mfa_rule()
    {
        var inventory = Holding(User(1), SecurityAdministrator, Registration(Id(1), false, "email"));

        RuleAssert.NoFinding<PrivilegedUserNoPhishingResistantMethodRule>(inventory);
        Assert.Single(RuleAssert.Run<PrivilegedUserNoMfaRule>(inventory).Findings);
    }

    [Fact]
    public void An_eligible_holder_counts()
    {
        var inventory = new TenantInventory
        {
            Users = [User(1)],
            RoleDefinitions = [Role(SecurityAdministrator, "Security Administrator")],
            RoleSchedules = [EligibleSchedule(SecurityAdministrator, Id(1))],
            MfaRegistrations = [Registration(Id(1), true, "microsoftAuthenticatorPush")],
        };

        var finding = RuleAssert.SingleFinding<PrivilegedUserNoPhishingResistantMethodRule>(inventory);

        Assert.Equal(["Security Administrator"], RuleAssert.Strings(finding, "eligibleRoles"));
    }

    [Fact]
    public void It_is_not_evaluated_without_the_registration_report()
        => RuleAssert.NotEvaluatedWithout<PrivilegedUserNoPhishingResistantMethodRule>(Holding(User(1), SecurityAdministrator, Registration(Id(1), true, "mobilePhone")));
}

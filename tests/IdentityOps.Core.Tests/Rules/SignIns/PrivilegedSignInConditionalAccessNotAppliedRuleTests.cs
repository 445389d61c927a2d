using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules.SignIns;
using Xunit;
using static IdentityOps.Core.Tests.Rules.Records;

namespace IdentityOps.Core.Tests.Rules.SignIns;

public sealed class PrivilegedSignInConditionalAccessNotAppliedRuleTests
{
    private static TenantInventory Admin(int? notApplied, bool privileged = true, bool legacy = false)
    {
        var user = User(5, "Ada Admin");
        var role = Role("fe930be7-5e62-47db-91af-98c3a49a38b1", "User Administrator", privileged);
        return new TenantInventory
        {
            Users = [user], RoleDefinitions = [role], RoleAssignments = [RoleAssignment(role.RoleDefinitionId, user.ObjectId)],
            SignIns =
            [
                new SignInDailySummary
                {
                    TenantId = Tenant, ScanId = ScanOfRecords, UserId = user.ObjectId, AppId = Id(20_000), Day = new DateOnly(2026, 11, 20), ClientAppUsed = "Browser",
                    SignIns = 5, Failures = 1, MfaSatisfied = 4, ConditionalAccessNotApplied = notApplied, IsLegacyAuthentication = legacy, LastSeenAt = AsOf.AddDays(-5),
                },
            ],
        };
    }

    [Fact]
    public void Successful_sign_ins_of_a_privileged_user_with_no_policy_applied_are_a_finding()
    {
        var finding = RuleAssert.SingleFinding<PrivilegedSignInConditionalAccessNotAppliedRule>(Admin(notApplied: 2));

        Assert.Equal(2, finding.Evidence["notAppliedSignIns"]);
        Assert.Equal(4, finding.Evidence["successfulSignIns"]);
        Assert.Contains("2 of their 4 successful sign-ins have Conditional Access status notApplied", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains("Conditional Access: Not applied", finding.Remediation, StringComparison.Ordinal);
    }

    [Fact]
    public void Covered_sign_ins_a_user_without_a_privileged_role_or_rows_without_the_field_are_no_finding()
    {
        RuleAssert.NoFinding<PrivilegedSignInConditionalAccessNotAppliedRule>(Admin(notApplied: 0));
        RuleAssert.NoFinding<PrivilegedSignInConditionalAccessNotAppliedRule>(Admin(notApplied: 2, privileged: false));
        RuleAssert.NoFinding<PrivilegedSignInConditionalAccessNotAppliedRule>(Admin(notApplied: null));
        RuleAssert.NoFinding<PrivilegedSignInConditionalAccessNotAppliedRule>(Admin(notApplied: 2, legacy: true));
    }

    [Fact]
    public void Not_evaluated_without_the_privileged_sign_in_log()
        => RuleAssert.NotEvaluatedWithout<PrivilegedSignInConditionalAccessNotAppliedRule>(Admin(notApplied: 2));
}

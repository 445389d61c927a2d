using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Rules.SignIns;
using Xunit;
using static IdentityOps.Core.Tests.Rules.Records;

namespace IdentityOps.Core.Tests.Rules.SignIns;

public sealed class PrivilegedSignInWithoutMfaRuleTests
{
    private static TenantInventory Admin(int signIns, int mfa, bool privileged = true)
    {
        var user = User(5, "Ada Admin");
        var role = Role("fe930be7-5e62-47db-91af-98c3a49a38b1", "User Administrator", privileged);
        return new TenantInventory
        {
            Users = [user], RoleDefinitions = [role], RoleAssignments = [RoleAssignment(role.RoleDefinitionId, user.ObjectId)],
            SignIns = [new SignInDailySummary { TenantId = Tenant, ScanId = ScanOfRecords, UserId = user.ObjectId, AppId = Id(20_000), Day = new DateOnly(2026, 11, 20), ClientAppUsed = "Browser", SignIns = signIns, MfaSatisfied = mfa, LastSeenAt = AsOf.AddDays(-5) }],
        };
    }

    [Fact]
    public void Single_factor_sign_ins_of_a_privileged_user_are_a_finding_with_the_mfa_share()
    {
        var finding = RuleAssert.SingleFinding<PrivilegedSignInWithoutMfaRule>(Admin(signIns: 4, mfa: 1));

        Assert.Equal(3, finding.Evidence["singleFactorSignIns"]);
        Assert.Equal(25, finding.Evidence["mfaSharePercent"]);
        // authenticationRequirement says what was required, not what was performed (issue 17 item 13).
        Assert.Contains("3 of their 4 sign-ins succeeded without MFA being required", finding.Explanation, StringComparison.Ordinal);
        Assert.DoesNotContain("single factor", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_sign_in_with_mfa_or_no_privileged_role_is_no_finding()
    {
        RuleAssert.NoFinding<PrivilegedSignInWithoutMfaRule>(Admin(signIns: 4, mfa: 4));
        RuleAssert.NoFinding<PrivilegedSignInWithoutMfaRule>(Admin(signIns: 4, mfa: 0, privileged: false));
    }

    [Fact]
    public void Not_evaluated_without_the_privileged_sign_in_log() => RuleAssert.NotEvaluatedWithout<PrivilegedSignInWithoutMfaRule>(Admin(4, 1));
}

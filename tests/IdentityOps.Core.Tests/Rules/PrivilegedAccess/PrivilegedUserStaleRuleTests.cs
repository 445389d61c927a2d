using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Rules.PrivilegedAccess;
using Xunit;
using static IdentityOps.Core.Tests.Rules.Records;

namespace IdentityOps.Core.Tests.Rules.PrivilegedAccess;

public sealed class PrivilegedUserStaleRuleTests
{
    private static TenantInventory Admin(Core.Inventory.UserRecord user) => new()
    {
        Users = [user],
        RoleDefinitions = [Role(ApplicationAdministrator, "Application Administrator")],
        RoleAssignments = [RoleAssignment(ApplicationAdministrator, user.ObjectId, "user")],
    };

    [Fact]
    public void Application_administrator_unused_for_160_days_is_stale()
    {
        var finding = RuleAssert.SingleFinding<PrivilegedUserStaleRule>(Admin(User(1, "Sam", lastSignIn: AsOf.AddDays(-160))));

        Assert.Equal(160, finding.Evidence["daysSinceLastSuccessfulSignIn"]);
        Assert.Equal(45, finding.Evidence["staleAfterDays"]);
        Assert.Contains("its last successful sign-in, interactive or not, was 160 days ago (2026-06-18 00:00 UTC)", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains("(Last sign-in attempts, successful or not: interactive 2026-06-18 00:00 UTC, non-interactive none recorded.)", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains("limit of 45 days", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Dormant_admin_under_password_spray_is_stale()
    {
        // Failed attempts two days ago keep lastSignInDateTime fresh; the last success was 160 days ago.
        var finding = RuleAssert.SingleFinding<PrivilegedUserStaleRule>(Admin(User(1, "Sam", lastSignIn: AsOf.AddDays(-2), lastSuccessful: AsOf.AddDays(-160))));

        Assert.Equal(160, finding.Evidence["daysSinceLastSuccessfulSignIn"]);
        Assert.Equal(AsOf.AddDays(-2), finding.Evidence["lastFailedAttemptAt"]);
        Assert.Equal("failed-sign-ins-while-unused", Assert.Single(finding.Signals).Name);
        Assert.Contains("Failed attempts on an administrator nobody uses are what password guessing or spraying looks like.", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains("Sign-in logs", finding.Remediation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dormant_sprayed_account_eligible_for_global_administrator_is_stale()
    {
        // Making the role eligible (our own advice) must not hide the dormant holder: whoever guesses the password activates it.
        var user = User(1, "Megan", lastSignIn: AsOf.AddDays(-1), lastSuccessful: AsOf.AddDays(-140));
        var inventory = new TenantInventory
        {
            Users = [user],
            RoleDefinitions = [Role(GlobalAdministrator, "Global Administrator")],
            RoleSchedules =
            [
                new RoleScheduleRecord
                {
                    TenantId = Tenant, ScanId = ScanOfRecords, ScheduleKind = RoleScheduleRecord.Eligible, ScheduleId = "eligible-1",
                    RoleDefinitionId = GlobalAdministrator, PrincipalId = user.ObjectId, MemberType = "Direct", StartsAt = AsOf.AddDays(-300),
                },
            ],
        };

        var finding = RuleAssert.SingleFinding<PrivilegedUserStaleRule>(inventory);

        Assert.Equal(["Global Administrator"], RuleAssert.Strings(finding, "eligibleRoles"));
        Assert.Contains("eligible", finding.Signals.Select(s => s.Name));
        Assert.Contains("(Global Administrator through an eligible assignment in Privileged Identity Management", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_synchronised_admin_who_left_is_disabled_on_premises()
    {
        var finding = RuleAssert.SingleFinding<PrivilegedUserStaleRule>(Admin(User(1, synced: true, lastSignIn: AsOf.AddDays(-160))));

        Assert.Contains("disable the account in on-premises Active Directory (Disable-ADAccount)", finding.Remediation, StringComparison.Ordinal);
        Assert.Contains("a change made only in Microsoft Entra ID does not stick", finding.Remediation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_recent_non_interactive_sign_in_counts_as_use()
        => RuleAssert.NoFinding<PrivilegedUserStaleRule>(Admin(User(1, lastSignIn: AsOf.AddDays(-160), lastNonInteractive: AsOf.AddDays(-3))));

    [Fact]
    public void Break_glass_accounts_are_exempt()
        => RuleAssert.NoFinding<PrivilegedUserStaleRule>(Admin(User(1, lastSignIn: AsOf.AddDays(-300))), RuleSettings.Default with { BreakGlassAccounts = [Id(1)] });

    [Fact]
    public void Privileged_staleness_is_not_evaluated_without_directory_roles()
        => RuleAssert.NotEvaluatedWithout<PrivilegedUserStaleRule>(Admin(User(1, lastSignIn: AsOf.AddDays(-160))));

    [Fact]
    public void Privileged_staleness_is_not_evaluated_without_sign_in_activity()
    {
        var inventory = Admin(User(1, lastSignIn: AsOf.AddDays(-160)));
        var outcome = RuleAssert.Run<PrivilegedUserStaleRule>(new TenantInventory
        {
            Users = inventory.Users, RoleDefinitions = inventory.RoleDefinitions, RoleAssignments = inventory.RoleAssignments,
            Unavailable = new Dictionary<string, string> { ["users.signInActivity"] = "the tenant has no Entra ID P1 licence" },
        }).Outcomes.Single();

        Assert.False(outcome.Evaluated);
        Assert.Equal("not evaluated: users.signInActivity unavailable (the tenant has no Entra ID P1 licence)", outcome.NotEvaluatedReason);
    }
}

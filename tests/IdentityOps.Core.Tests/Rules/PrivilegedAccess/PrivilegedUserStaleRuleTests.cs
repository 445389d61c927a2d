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

        Assert.Equal(160, finding.Evidence["daysSinceLastSignIn"]);
        Assert.Equal(45, finding.Evidence["staleAfterDays"]);
        Assert.Contains("has not signed in for 160 days (last interactive sign-in: 2026-06-18 00:00 UTC; last non-interactive sign-in: none recorded)", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains("limit of 45 days", finding.Explanation, StringComparison.Ordinal);
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

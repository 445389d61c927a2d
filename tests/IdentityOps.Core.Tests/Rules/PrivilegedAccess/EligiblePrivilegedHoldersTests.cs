using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Rules.PrivilegedAccess;
using Xunit;
using static IdentityOps.Core.Tests.Rules.Records;

namespace IdentityOps.Core.Tests.Rules.PrivilegedAccess;

/// <summary>
/// Issue 17 item 7: a role eligible through Privileged Identity Management is a role its holder can activate at any time,
/// so the guest, synchronised, no-MFA and Global Administrator count rules count eligible holders (as ScubaGear does for
/// MS.AAD.7.1/7.3), with an "eligible" signal and evidence; "make the assignment eligible" must not make a finding pass.
/// </summary>
public sealed class EligiblePrivilegedHoldersTests
{
    private static readonly RoleDefinitionRecord[] Roles =
    [
        Role(GlobalAdministrator, "Global Administrator"), Role(SecurityAdministrator, "Security Administrator"), Role(DirectoryReaders, "Directory Readers", privileged: false),
    ];

    private static RoleScheduleRecord Eligible(string roleId, Guid principal, int n = 0) => new()
    {
        TenantId = Tenant, ScanId = ScanOfRecords, ScheduleKind = RoleScheduleRecord.Eligible, ScheduleId = $"eligible-{roleId}-{principal}-{n}",
        RoleDefinitionId = roleId, PrincipalId = principal, MemberType = "Direct", StartsAt = AsOf.AddDays(-100),
    };

    private static TenantInventory EligibleFor(UserRecord user, string roleId, params MfaRegistrationRecord[] registrations) => new()
    {
        Users = [user, User(99)],
        RoleDefinitions = Roles,
        RoleSchedules = [Eligible(roleId, user.ObjectId)],
        MfaRegistrations = registrations,
    };

    [Fact]
    public void A_guest_eligible_for_global_administrator_is_a_guest_finding_with_the_eligible_signal()
    {
        var finding = RuleAssert.SingleFinding<GuestPrivilegedRule>(EligibleFor(User(1, "Ana (partner)", userType: "Guest"), GlobalAdministrator));

        Assert.Equal(["Global Administrator"], RuleAssert.Strings(finding, "roles"));
        Assert.Equal(["Global Administrator"], RuleAssert.Strings(finding, "eligibleRoles"));
        Assert.Equal(["control-plane-role", "eligible"], finding.Signals.Select(s => s.Name));
        Assert.Contains("(Global Administrator through an eligible assignment in Privileged Identity Management: not active now, but the guest can activate it whenever it chooses)", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains("the eligible one included", finding.Remediation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_synchronised_account_eligible_for_a_privileged_role_is_found()
    {
        var finding = RuleAssert.SingleFinding<SyncedAccountPrivilegedRule>(EligibleFor(User(1, synced: true), SecurityAdministrator));

        Assert.Equal(["Security Administrator"], RuleAssert.Strings(finding, "eligibleRoles"));
        Assert.Equal("eligible", Assert.Single(finding.Signals).Name);
    }

    [Fact]
    public void An_eligible_administrator_without_mfa_is_found()
    {
        var admin = User(1);
        var finding = RuleAssert.SingleFinding<PrivilegedUserNoMfaRule>(EligibleFor(admin, SecurityAdministrator, Registration(admin.ObjectId, false, "email"), Registration(Id(99), true, "fido2")));

        Assert.Equal(["Security Administrator"], RuleAssert.Strings(finding, "eligibleRoles"));
        Assert.Contains("whoever registers the first MFA method can then pass the MFA that activation asks for", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Making_global_administrators_eligible_does_not_make_an_over_full_count_pass()
    {
        var admins = Enumerable.Range(1, 6).Select(n => User(n)).ToList();
        var inventory = new TenantInventory
        {
            Users = admins,
            RoleDefinitions = Roles,
            RoleAssignments = [.. admins.Take(2).Select(u => RoleAssignment(GlobalAdministrator, u.ObjectId, "user"))],
            RoleSchedules = [.. admins.Skip(2).Select(u => Eligible(GlobalAdministrator, u.ObjectId)), Eligible(GlobalAdministrator, admins[0].ObjectId)],
        };

        var finding = RuleAssert.SingleFinding<GlobalAdminCountRule>(inventory);

        Assert.Equal(6, finding.Evidence["userCount"]);
        Assert.Equal(4, finding.Evidence["eligibleUserCount"]);
        Assert.Equal(["user3@contoso.example", "user4@contoso.example", "user5@contoso.example", "user6@contoso.example"], RuleAssert.Strings(finding, "eligibleUserPrincipalNames"));
        Assert.Contains("Of these, 4 are eligible rather than active", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_principal_eligible_for_global_administrator_that_is_not_a_user_is_named_not_counted()
    {
        var admins = Enumerable.Range(1, 5).Select(n => User(n)).ToList();
        var finding = RuleAssert.SingleFinding<GlobalAdminCountRule>(new TenantInventory
        {
            Users = admins, RoleDefinitions = Roles,
            RoleAssignments = [.. admins.Select(u => RoleAssignment(GlobalAdministrator, u.ObjectId, "user"))],
            RoleSchedules = [Eligible(GlobalAdministrator, Id(500))],
        });

        Assert.Equal(5, finding.Evidence["userCount"]);
        Assert.Equal([Id(500).ToString()], RuleAssert.Strings(finding, "eligibleOtherPrincipalIds"));
        Assert.Contains("most likely groups, whose members are not counted", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Members_of_an_expanded_group_eligible_for_a_role_hold_it_through_the_group()
    {
        var group = Id(700);
        var guest = User(1, userType: "Guest");
        var finding = RuleAssert.SingleFinding<GuestPrivilegedRule>(new TenantInventory
        {
            Users = [guest], RoleDefinitions = Roles, RoleSchedules = [Eligible(SecurityAdministrator, group)], GroupMembers = [Member(group, guest.ObjectId, "Partner admins")],
        });

        Assert.Equal(["Security Administrator"], RuleAssert.Strings(finding, "eligibleRoles"));
    }

    [Fact]
    public void A_role_held_actively_and_eligibly_is_listed_once_as_active_without_the_eligible_signal()
    {
        var guest = User(1, userType: "Guest");
        var inventory = EligibleFor(guest, SecurityAdministrator);
        var finding = RuleAssert.SingleFinding<GuestPrivilegedRule>(new TenantInventory
        {
            Users = inventory.Users, RoleDefinitions = Roles, RoleSchedules = inventory.RoleSchedules,
            RoleAssignments = [RoleAssignment(SecurityAdministrator, guest.ObjectId, "user")],
        });

        Assert.Empty(RuleAssert.Strings(finding, "eligibleRoles"));
        Assert.Empty(finding.Signals);
    }

    [Fact]
    public void An_eligible_role_that_is_not_privileged_is_ignored()
        => RuleAssert.NoFinding<GuestPrivilegedRule>(EligibleFor(User(1, userType: "Guest"), DirectoryReaders));

    [Fact]
    public void Without_entra_id_p2_there_is_no_pim_and_the_rules_judge_active_holders()
    {
        var guest = User(1, userType: "Guest");
        var finding = RuleAssert.SingleFinding<GuestPrivilegedRule>(new TenantInventory
        {
            Users = [guest], RoleDefinitions = Roles, RoleAssignments = [RoleAssignment(SecurityAdministrator, guest.ObjectId, "user")],
            Unavailable = new Dictionary<string, string> { ["roleSchedules"] = $"{UnavailableReasons.NoEntraIdP2}, which Graph requires for this data (AadPremiumLicenseRequired)" },
        });

        Assert.Equal(["Security Administrator"], RuleAssert.Strings(finding, "roles"));
    }

    [Theory]
    [InlineData("role-guest-privileged")]
    [InlineData("role-synced-account-privileged")]
    [InlineData("role-privileged-user-no-mfa")]
    [InlineData("role-global-admin-count")]
    public void When_pim_schedules_are_refused_for_another_reason_the_rules_are_not_evaluated_naming_them(string ruleId)
    {
        var rule = new Core.Rules.Engine.RuleCatalog().Rules.Single(r => r.Definition.Id == ruleId);
        var guest = User(1, userType: "Guest", synced: true);
        var inventory = new TenantInventory
        {
            Users = [guest], RoleDefinitions = Roles, RoleAssignments = [RoleAssignment(GlobalAdministrator, guest.ObjectId, "user")],
            MfaRegistrations = [Registration(guest.ObjectId, false)],
            Unavailable = new Dictionary<string, string> { ["roleSchedules"] = "the signed-in account has no role that may read it (403)" },
        };

        var evaluation = new Core.Rules.Engine.RuleEngine(new Core.Rules.Engine.RuleCatalog([rule])).Evaluate(inventory, Facts());
        var outcome = evaluation.Outcomes.Single();

        Assert.False(outcome.Evaluated);
        Assert.StartsWith("not evaluated: roleSchedules unavailable (the signed-in account has no role that may read it (403))", outcome.NotEvaluatedReason, StringComparison.Ordinal);
        Assert.Empty(evaluation.Findings);
    }
}

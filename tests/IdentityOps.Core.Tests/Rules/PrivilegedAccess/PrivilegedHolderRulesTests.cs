using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Rules.PrivilegedAccess;
using Xunit;
using static IdentityOps.Core.Tests.Rules.Records;

namespace IdentityOps.Core.Tests.Rules.PrivilegedAccess;

/// <summary>The rules about who holds privileged roles: guests, service principals, synchronised accounts, accounts without MFA.</summary>
public sealed class PrivilegedHolderRulesTests
{
    private static readonly RoleDefinitionRecord[] Roles =
    [
        Role(GlobalAdministrator, "Global Administrator"), Role(SecurityAdministrator, "Security Administrator"),
        Role(PrivilegedRoleAdministrator, "Privileged Role Administrator"), Role(DirectoryReaders, "Directory Readers", privileged: false),
    ];

    private static TenantInventory Holding(UserRecord user, string roleId, params MfaRegistrationRecord[] registrations) => new()
    {
        Users = [user, User(99)],
        RoleDefinitions = Roles,
        RoleAssignments = [RoleAssignment(roleId, user.ObjectId, "user")],
        MfaRegistrations = registrations,
    };

    [Fact]
    public void Guest_with_security_administrator_is_a_high_finding()
    {
        var guest = User(1, "Ana (partner)", userType: "Guest");

        var finding = RuleAssert.SingleFinding<GuestPrivilegedRule>(Holding(guest, SecurityAdministrator));

        Assert.Equal(Severity.High, finding.Rule.Severity);
        Assert.Equal(["Security Administrator"], RuleAssert.Strings(finding, "roles"));
        Assert.Contains("The guest account \"Ana (partner)\" (user1@contoso.example, userType Guest) holds the privileged directory role(s) Security Administrator.", finding.Explanation, StringComparison.Ordinal);
        Assert.Empty(finding.Signals);
    }

    [Fact]
    public void Guest_global_administrator_weighs_more()
        => Assert.Equal(30m, RuleAssert.SingleFinding<GuestPrivilegedRule>(Holding(User(1, userType: "Guest"), GlobalAdministrator)).Score);

    [Fact]
    public void Guest_with_a_role_that_is_not_privileged_passes()
        => RuleAssert.NoFinding<GuestPrivilegedRule>(Holding(User(1, userType: "Guest"), DirectoryReaders));

    [Fact]
    public void Member_with_a_privileged_role_is_not_a_guest_finding()
        => RuleAssert.NoFinding<GuestPrivilegedRule>(Holding(User(1), SecurityAdministrator));

    [Fact]
    public void Guest_rule_is_not_evaluated_without_directory_roles()
        => RuleAssert.NotEvaluatedWithout<GuestPrivilegedRule>(Holding(User(1, userType: "Guest"), SecurityAdministrator));

    [Fact]
    public void Service_principal_with_privileged_role_administrator_is_found_with_its_secret_as_a_signal()
    {
        var app = App(1, "Provisioning bot");
        var sp = ServicePrincipalOf(app, 2);
        var inventory = new TenantInventory
        {
            Applications = [app], ServicePrincipals = [sp], RoleDefinitions = Roles,
            RoleAssignments = [RoleAssignment(PrivilegedRoleAdministrator, sp.ObjectId, "servicePrincipal")],
            Credentials = [Secret(app.ObjectId, 1, AsOf.AddDays(-10), AsOf.AddDays(100))],
        };

        var finding = RuleAssert.SingleFinding<ServicePrincipalPrivilegedRule>(inventory);

        Assert.Equal(sp.ObjectId.ToString(), finding.ObjectId);
        Assert.Equal(["control-plane-role", "usable-credentials"], finding.Signals.Select(s => s.Name));
        Assert.Contains("\"Provisioning bot\" (app id " + app.AppId + ", type Application) holds the privileged directory role(s) Privileged Role Administrator.", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Service_principal_with_directory_readers_passes()
    {
        var sp = ServicePrincipal(2, Id(10_001), "Reader app");
        RuleAssert.NoFinding<ServicePrincipalPrivilegedRule>(new TenantInventory
        {
            ServicePrincipals = [sp], RoleDefinitions = Roles, RoleAssignments = [RoleAssignment(DirectoryReaders, sp.ObjectId, "servicePrincipal")],
        });
    }

    [Fact]
    public void Service_principal_rule_is_not_evaluated_without_directory_roles()
    {
        var sp = ServicePrincipal(2, Id(10_001), "Bot");
        RuleAssert.NotEvaluatedWithout<ServicePrincipalPrivilegedRule>(new TenantInventory
        {
            ServicePrincipals = [sp], RoleDefinitions = Roles, RoleAssignments = [RoleAssignment(GlobalAdministrator, sp.ObjectId, "servicePrincipal")],
        });
    }

    [Fact]
    public void Synchronised_privileged_account_is_found()
    {
        var finding = RuleAssert.SingleFinding<SyncedAccountPrivilegedRule>(Holding(User(1, "Piet", synced: true), GlobalAdministrator));

        Assert.Equal(true, finding.Evidence["onPremisesSyncEnabled"]);
        Assert.Contains("synchronised from on-premises Active Directory (onPremisesSyncEnabled is true)", finding.Explanation, StringComparison.Ordinal);
        Assert.Equal(30m, finding.Score);
    }

    [Fact]
    public void Cloud_only_privileged_account_passes() => RuleAssert.NoFinding<SyncedAccountPrivilegedRule>(Holding(User(1), GlobalAdministrator));

    [Fact]
    public void Synced_rule_is_not_evaluated_without_directory_roles() => RuleAssert.NotEvaluatedWithout<SyncedAccountPrivilegedRule>(Holding(User(1), GlobalAdministrator));

    [Fact]
    public void Privileged_user_without_registered_mfa_is_found_with_the_methods_it_has()
    {
        var admin = User(1, "Mo");

        var finding = RuleAssert.SingleFinding<PrivilegedUserNoMfaRule>(Holding(admin, SecurityAdministrator, Registration(admin.ObjectId, false, "email"), Registration(Id(99), true, "fido2")));

        Assert.Equal(true, finding.Evidence["inRegistrationReport"]);
        Assert.Contains("isMfaRegistered is false; methods registered: email", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Privileged_user_missing_from_a_populated_report_counts_as_unregistered()
    {
        var finding = RuleAssert.SingleFinding<PrivilegedUserNoMfaRule>(Holding(User(1), SecurityAdministrator, Registration(Id(99), true, "fido2")));

        Assert.Equal(false, finding.Evidence["inRegistrationReport"]);
        Assert.Contains("missing from the authentication methods registration report", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void An_external_holder_is_told_that_its_mfa_may_live_in_its_home_tenant()
    {
        var member = User(1, userType: "Guest");
        var guest = new UserRecord
        {
            TenantId = member.TenantId, ScanId = member.ScanId, ObjectId = member.ObjectId, DisplayName = member.DisplayName,
            UserPrincipalName = "mo_fabrikam.example#EXT#@contoso.example", UserType = member.UserType, AccountEnabled = true,
            CreatedAt = member.CreatedAt, LastSignInAt = member.LastSignInAt, LastSuccessfulSignInAt = member.LastSuccessfulSignInAt,
        };

        var finding = RuleAssert.SingleFinding<PrivilegedUserNoMfaRule>(Holding(guest, SecurityAdministrator, Registration(Id(99), true, "fido2")));

        Assert.Contains("external (B2B) account", finding.Explanation, StringComparison.Ordinal);
        Assert.DoesNotContain("whoever registers a method first", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains("Trust multifactor authentication from Microsoft Entra tenants", finding.Remediation, StringComparison.Ordinal);
        Assert.DoesNotContain("Temporary Access Pass", finding.Remediation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_member_holder_gets_the_registration_advice()
    {
        var finding = RuleAssert.SingleFinding<PrivilegedUserNoMfaRule>(Holding(User(1), SecurityAdministrator, Registration(Id(99), true, "fido2")));

        Assert.DoesNotContain("external (B2B) account", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains("New-MgUserAuthenticationTemporaryAccessPassMethod", finding.Remediation, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_registration_report_proves_nothing() => RuleAssert.NoFinding<PrivilegedUserNoMfaRule>(Holding(User(1), SecurityAdministrator));

    [Fact]
    public void Privileged_user_with_mfa_passes()
        => RuleAssert.NoFinding<PrivilegedUserNoMfaRule>(Holding(User(1), SecurityAdministrator, Registration(Id(1), true, "microsoftAuthenticatorPush")));

    [Fact]
    public void Disabled_privileged_user_without_mfa_cannot_sign_in_and_passes()
        => RuleAssert.NoFinding<PrivilegedUserNoMfaRule>(Holding(User(1, enabled: false), SecurityAdministrator, Registration(Id(1), false)));

    [Fact]
    public void No_mfa_rule_is_not_evaluated_without_the_registration_report()
        => RuleAssert.NotEvaluatedWithout<PrivilegedUserNoMfaRule>(Holding(User(1), SecurityAdministrator, Registration(Id(1), false)));
}

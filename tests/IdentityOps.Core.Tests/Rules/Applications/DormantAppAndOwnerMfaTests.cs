using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Rules.Applications;
using IdentityOps.Core.Rules.Engine;
using Xunit;
using static IdentityOps.Core.Tests.Rules.Records;

namespace IdentityOps.Core.Tests.Rules.Applications;

/// <summary>Issue 19 E1: dormant apps that still hold valid credentials, and app owners without MFA (Maester MT.1063).</summary>
public sealed class DormantAppAndOwnerMfaTests
{
    private static TenantInventory Dormant(params CredentialRecord[] credentials)
    {
        var app = App(1, "Old reporting job");
        return new TenantInventory
        {
            Applications = [app],
            ServicePrincipals = [ServicePrincipalOf(app, 2)],
            Credentials = credentials,
            AppSignInActivities = [SignInActivity(app, AsOf.AddDays(-200))],
        };
    }

    [Fact]
    public void An_app_unused_for_200_days_with_a_valid_secret_is_a_medium_finding()
    {
        var inventory = Dormant(Secret(Id(1), 1, AsOf.AddDays(-60), AsOf.AddDays(120)), Certificate(Id(1), 2, AsOf.AddDays(-500), AsOf.AddDays(-100)));

        var finding = RuleAssert.SingleFinding<DormantAppWithCredentialsRule>(inventory);

        Assert.Equal(Severity.Medium, finding.Rule.Severity);
        Assert.Equal(["client secret"], RuleAssert.Strings(finding, "credentialKinds"));
        Assert.Equal([Id(50_001).ToString()], RuleAssert.Strings(finding, "credentialIds"));
        Assert.Equal(200L, finding.Evidence["daysSinceLastSignIn"]);
        Assert.Contains("still holds 1 valid credential(s)", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_added_to_the_dormant_apps_service_principal_counts_too()
    {
        var finding = RuleAssert.SingleFinding<DormantAppWithCredentialsRule>(Dormant(Secret(Id(2), 1, AsOf.AddDays(-10), AsOf.AddDays(170), CredentialOwnerKind.ServicePrincipal)));
        Assert.Equal(["client secret on the service principal"], RuleAssert.Strings(finding, "credentialKinds"));
    }

    [Fact]
    public void A_dormant_app_whose_credentials_all_ended_or_an_app_in_use_is_no_finding()
    {
        RuleAssert.NoFinding<DormantAppWithCredentialsRule>(Dormant(Secret(Id(1), 1, AsOf.AddDays(-300), AsOf.AddDays(-120))));
        var inUse = Dormant(Secret(Id(1), 1, AsOf.AddDays(-60), AsOf.AddDays(120)));
        RuleAssert.NoFinding<DormantAppWithCredentialsRule>(new TenantInventory
        {
            Applications = inUse.Applications, ServicePrincipals = inUse.ServicePrincipals, Credentials = inUse.Credentials,
            AppSignInActivities = [SignInActivity(inUse.Applications[0], AsOf.AddDays(-3))],
        });
    }

    [Fact]
    public void A_SAML_signing_set_is_not_a_credential_to_sign_in_with()
    {
        var saml = new CredentialRecord
        {
            TenantId = Tenant, ScanId = ScanOfRecords, OwnerObjectId = Id(2), CredentialId = Id(70_001), OwnerKind = CredentialOwnerKind.ServicePrincipal,
            Kind = CredentialKind.Password, StartsAt = AsOf.AddDays(-100), EndsAt = AsOf.AddDays(900), Purpose = CredentialPurpose.SamlTokenSigning,
        };
        RuleAssert.NoFinding<DormantAppWithCredentialsRule>(Dormant(saml));
    }

    [Fact]
    public void The_dormant_app_rule_is_not_evaluated_without_the_sign_in_activity_report()
        => RuleAssert.NotEvaluatedWithout<DormantAppWithCredentialsRule>(Dormant(Secret(Id(1), 1, AsOf.AddDays(-60), AsOf.AddDays(120))), UnusedApps.RequiredActivity);

    [Fact]
    public void The_unused_app_finding_is_folded_into_the_dormant_app_finding()
    {
        var inventory = Dormant(Secret(Id(1), 1, AsOf.AddDays(-60), AsOf.AddDays(120)));
        var evaluation = new RuleEngine(new RuleCatalog([new UnusedApplicationRule(), new DormantAppWithCredentialsRule()])).Evaluate(inventory, Facts());

        var finding = Assert.Single(evaluation.Findings);
        Assert.Equal("app-dormant-with-credentials", finding.Rule.Id);
        Assert.Contains(finding.Signals, s => s.Name == "also-app-unused");
    }

    [Fact]
    public void An_owner_without_MFA_registered_is_a_medium_finding_and_an_owner_missing_from_the_report_is_skipped_as_Maester_does()
    {
        var app = App(1, "Expense portal");
        var withMfa = User(5, "Avery");
        var withoutMfa = User(6, "Blake");
        var inventory = new TenantInventory
        {
            Applications = [app],
            Users = [withMfa, withoutMfa],
            Owners = [Owner(app.ObjectId, withMfa.ObjectId), Owner(app.ObjectId, withoutMfa.ObjectId), Owner(app.ObjectId, Id(7), "servicePrincipal", "Deploy SP")],
            MfaRegistrations = [Registration(withMfa.ObjectId, true, "microsoftAuthenticatorPush"), Registration(withoutMfa.ObjectId, false)],
        };

        var finding = RuleAssert.SingleFinding<OwnerWithoutMfaRule>(inventory);

        Assert.Equal(Severity.Medium, finding.Rule.Severity);
        Assert.Equal(["Blake"], RuleAssert.Strings(finding, "ownerNames"));
        Assert.Contains(finding.Rule.Frameworks, f => f is { Framework: Frameworks.Maester, Control: "MT.1063", IsPartial: false });
        RuleAssert.NoFinding<OwnerWithoutMfaRule>(new TenantInventory
        {
            Applications = [app], Users = [withMfa], Owners = [Owner(app.ObjectId, withMfa.ObjectId), Owner(app.ObjectId, Id(7), "servicePrincipal")],
            MfaRegistrations = [Registration(withMfa.ObjectId, true, "fido2")],
        });
        RuleAssert.NotEvaluatedWithout<OwnerWithoutMfaRule>(inventory, "userRegistrationDetails");
        RuleAssert.NotEvaluatedWithout<OwnerWithoutMfaRule>(inventory, "applications.owners");
    }
}

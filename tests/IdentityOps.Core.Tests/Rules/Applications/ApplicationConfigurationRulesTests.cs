using IdentityOps.Core.Inventory;
using IdentityOps.Core.Inventory.Reference;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Rules.Applications;
using Xunit;
using static IdentityOps.Core.Tests.Rules.Records;

namespace IdentityOps.Core.Tests.Rules.Applications;

public sealed class ApplicationConfigurationRulesTests
{
    private static TenantInventory WithRedirects(params string[] uris)
    {
        var app = App(1, "Portal");
        return new TenantInventory
        {
            Applications = [new ApplicationRecord { TenantId = Tenant, ScanId = ScanOfRecords, ObjectId = app.ObjectId, AppId = app.AppId, DisplayName = app.DisplayName, WebRedirectUris = uris }],
        };
    }

    [Theory]
    [InlineData("https://*.contoso.example/signin-oidc", true, false, false, false)]
    [InlineData("http://intranet.contoso.example/signin-oidc", false, true, false, false)]
    [InlineData("http://localhost:5000/signin-oidc", false, false, true, false)]
    [InlineData("https://localhost:44321/signin-oidc", false, false, true, false)]
    [InlineData("https://contoso-legacy.azurewebsites.net/signin-oidc", false, false, false, true)]
    [InlineData("https://portal.contoso.example/signin-oidc", false, false, false, false)]
    public void Each_redirect_uri_kind_raises_exactly_its_rule(string uri, bool wildcard, bool http, bool localhost, bool sharedCloud)
    {
        var inventory = WithRedirects(uri);

        Assert.Equal(wildcard, RuleAssert.Run<RedirectWildcardRule>(inventory).Findings.Count == 1);
        Assert.Equal(http, RuleAssert.Run<RedirectPlainHttpRule>(inventory).Findings.Count == 1);
        Assert.Equal(localhost, RuleAssert.Run<RedirectLocalhostRule>(inventory).Findings.Count == 1);
        Assert.Equal(sharedCloud, RuleAssert.Run<RedirectSharedCloudDomainRule>(inventory).Findings.Count == 1);
    }

    [Fact]
    public void Redirect_rules_are_not_evaluated_without_applications()
    {
        RuleAssert.NotEvaluatedWithout<RedirectWildcardRule>(WithRedirects("https://*.x.example/cb"));
        RuleAssert.NotEvaluatedWithout<RedirectSharedCloudDomainRule>(WithRedirects("https://x.azurewebsites.net/cb"));
    }

    [Fact]
    public void Implicit_access_token_issuance_is_a_finding()
    {
        var app = App(1);
        var implicitApp = new TenantInventory { Applications = [Copy(app, implicitAccess: true)] };

        Assert.True((bool)RuleAssert.SingleFinding<ImplicitGrantRule>(implicitApp).Evidence["accessTokenIssuance"]!);
        RuleAssert.NoFinding<ImplicitGrantRule>(new TenantInventory { Applications = [app] });
        RuleAssert.NotEvaluatedWithout<ImplicitGrantRule>(implicitApp);
    }

    private static TenantInventory Owned(UserRecord owner)
    {
        var app = App(1, "HR sync");
        return new TenantInventory { Applications = [app], Users = [owner], Owners = [Owner(app.ObjectId, owner.ObjectId)] };
    }

    [Fact]
    public void Ownership_rules_name_the_owner()
    {
        var guest = RuleAssert.SingleFinding<OwnedByGuestRule>(Owned(User(7, "Vendor Val", userType: "Guest")));
        Assert.Equal(new[] { "Vendor Val" }, (string[])guest.Evidence["ownerNames"]!);
        RuleAssert.NoFinding<OwnedByGuestRule>(Owned(User(7)));
        RuleAssert.NotEvaluatedWithout<OwnedByGuestRule>(Owned(User(7, userType: "Guest")));

        Assert.Single(RuleAssert.Run<OwnedByDisabledUserRule>(Owned(User(8, enabled: false))).Findings);
        RuleAssert.NoFinding<OwnedByDisabledUserRule>(Owned(User(8)));
        RuleAssert.NotEvaluatedWithout<OwnedByDisabledUserRule>(Owned(User(8, enabled: false)));
    }

    [Fact]
    public void App_without_owners_is_a_low_finding()
    {
        Assert.Equal(Severity.Low, RuleAssert.SingleFinding<NoOwnersRule>(new TenantInventory { Applications = [App(1)] }).Rule.Severity);
        RuleAssert.NoFinding<NoOwnersRule>(Owned(User(7)));
        RuleAssert.NotEvaluatedWithout<NoOwnersRule>(new TenantInventory { Applications = [App(1)] });
    }

    private static TenantInventory PrivilegedApp(UserRecord owner, bool ownerIsAdmin)
    {
        var graph = ServicePrincipal(900, GraphPermissionTiers.MicrosoftGraphAppId, "Microsoft Graph", GraphPermissionTiers.MicrosoftTenantId);
        var app = App(1, "Directory sync");
        var client = ServicePrincipalOf(app, 2);
        var admin = Role("9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", "Application Administrator");
        return new TenantInventory
        {
            Applications = [app], ServicePrincipals = [graph, client], Users = [owner], Owners = [Owner(app.ObjectId, owner.ObjectId)],
            AppRoleAssignments = [AppRole(client.ObjectId, new Guid("1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9"), graph.ObjectId)],
            RoleDefinitions = [admin], RoleAssignments = ownerIsAdmin ? [RoleAssignment(admin.RoleDefinitionId, owner.ObjectId)] : [],
        };
    }

    [Fact]
    public void Non_admin_owner_of_a_privileged_app_is_an_escalation_path()
    {
        var finding = RuleAssert.SingleFinding<PrivilegedAppOwnedByNonAdminRule>(PrivilegedApp(User(7, "Dev Dan"), ownerIsAdmin: false));

        Assert.Contains("Dev Dan", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains(finding.Signals, s => s.Name == "privilege-tier-indirect");
        RuleAssert.NoFinding<PrivilegedAppOwnedByNonAdminRule>(PrivilegedApp(User(7), ownerIsAdmin: true));
        RuleAssert.NotEvaluatedWithout<PrivilegedAppOwnedByNonAdminRule>(PrivilegedApp(User(7), ownerIsAdmin: false));
    }

    [Fact]
    public void Daemon_with_only_a_secret_should_use_a_certificate()
    {
        var daemon = Copy(App(1, "Nightly export"), requiredResourceAccess: """[{"resourceAppId":"00000003-0000-0000-c000-000000000000","access":[{"id":"df021288-bdef-4463-88db-98f22de89214","type":"Role"}]}]""");
        var withSecret = new TenantInventory { Applications = [daemon], Credentials = [Secret(daemon.ObjectId, 1, AsOf.AddDays(-20), AsOf.AddDays(160))] };
        var withCertificate = new TenantInventory { Applications = [daemon], Credentials = [Certificate(daemon.ObjectId, 1, AsOf.AddDays(-20), AsOf.AddDays(160))] };

        Assert.Equal(1, RuleAssert.SingleFinding<SecretWhereCertificateWouldServeRule>(withSecret).Evidence["applicationPermissions"]);
        RuleAssert.NoFinding<SecretWhereCertificateWouldServeRule>(withCertificate);
        RuleAssert.NotEvaluatedWithout<SecretWhereCertificateWouldServeRule>(withSecret);
    }

    [Fact]
    public void Secrets_on_service_principals_and_first_party_apps_are_found()
    {
        var exchange = ServicePrincipal(3, Id(30_003), "Office 365 Exchange Online", GraphPermissionTiers.MicrosoftTenantId);
        var inventory = new TenantInventory { ServicePrincipals = [exchange], Credentials = [Secret(exchange.ObjectId, 1, AsOf.AddDays(-12), AsOf.AddDays(168), CredentialOwnerKind.ServicePrincipal)] };

        Assert.Equal(Severity.Critical, RuleAssert.SingleFinding<CredentialOnFirstPartyServicePrincipalRule>(inventory).Rule.Severity);
        Assert.Single(RuleAssert.Run<CredentialOnServicePrincipalRule>(inventory).Findings);
        RuleAssert.NoFinding<CredentialOnFirstPartyServicePrincipalRule>(new TenantInventory { ServicePrincipals = [exchange] });
        RuleAssert.NoFinding<CredentialOnServicePrincipalRule>(new TenantInventory { ServicePrincipals = [exchange] });
        RuleAssert.NotEvaluatedWithout<CredentialOnFirstPartyServicePrincipalRule>(inventory);
        RuleAssert.NotEvaluatedWithout<CredentialOnServicePrincipalRule>(inventory);
    }

    [Fact]
    public void Unused_app_is_one_whose_last_sign_in_is_older_than_the_threshold_or_missing()
    {
        var stale = App(1, "Old tool");
        var never = App(2, "Forgotten tool");
        var used = App(3, "Busy tool");
        var young = new ApplicationRecord { TenantId = Tenant, ScanId = ScanOfRecords, ObjectId = Id(4), AppId = Id(10_004), DisplayName = "New tool", CreatedAt = AsOf.AddDays(-30) };
        var inventory = new TenantInventory
        {
            Applications = [stale, never, used, young],
            AppSignInActivities = [SignInActivity(stale, AsOf.AddDays(-200)), SignInActivity(used, AsOf.AddDays(-89))],
        };

        var findings = RuleAssert.Run<UnusedApplicationRule>(inventory).Findings;

        Assert.Equal([stale.ObjectId.ToString(), never.ObjectId.ToString()], findings.Select(f => f.ObjectId).Order().ToArray());
        var old = findings.Single(f => f.ObjectId == stale.ObjectId.ToString());
        Assert.Equal(200L, old.Evidence["daysSinceLastSignIn"]);
        Assert.Contains("last signed in on 2026-05-09", old.Explanation, StringComparison.Ordinal);
        var missing = findings.Single(f => f.ObjectId == never.ObjectId.ToString());
        Assert.Null(missing.Evidence["lastSignInAt"]);
        Assert.Contains("has no sign-in of it on record", missing.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Unused_app_rule_is_not_evaluated_without_the_sign_in_activity_report()
    {
        var inventory = new TenantInventory { Applications = [App(1, "Old tool")] };

        RuleAssert.NotEvaluatedWithout<UnusedApplicationRule>(inventory, UnusedApplicationRule.RequiredActivity);
        var notCollected = new TenantInventory { Applications = [App(1, "Old tool")], Collected = new HashSet<string> { "applications" } };
        Assert.Contains("did not collect", RuleAssert.Run<UnusedApplicationRule>(notCollected).Outcomes.Single().NotEvaluatedReason, StringComparison.Ordinal);
        Assert.Empty(RuleAssert.Run<UnusedApplicationRule>(notCollected).Findings);
    }

    [Fact]
    public void Federated_credential_on_an_app_with_a_tier0_graph_permission_or_a_privileged_role_is_found()
    {
        var graph = ServicePrincipal(90, GraphPermissionTiers.MicrosoftGraphAppId, "Microsoft Graph");
        var deployer = App(1, "Infra deployer");
        var deployerSp = ServicePrincipalOf(deployer, 11);
        var admin = App(2, "Role bot");
        var adminSp = ServicePrincipalOf(admin, 12);
        var reader = App(3, "Reporting");
        var readerSp = ServicePrincipalOf(reader, 13);
        var roleManagement = GraphPermissionTiers.All.First(p => p.Tier == PermissionTier.Direct);
        var inventory = new TenantInventory
        {
            Applications = [deployer, admin, reader],
            ServicePrincipals = [graph, deployerSp, adminSp, readerSp],
            AppRoleAssignments = [AppRole(deployerSp.ObjectId, roleManagement.Id, graph.ObjectId)],
            RoleDefinitions = [Role(PrivilegedRoleAdministrator, "Privileged Role Administrator")],
            RoleAssignments = [RoleAssignment(PrivilegedRoleAdministrator, adminSp.ObjectId, "servicePrincipal")],
            FederatedCredentials = [Federated(deployer, "repo:contoso/infra:ref:refs/heads/main"), Federated(admin, "repo:contoso/roles:environment:prod", 1), Federated(reader, "repo:contoso/reports:ref:refs/heads/main", 2)],
        };

        var findings = RuleAssert.Run<FederatedCredentialOnPrivilegedAppRule>(inventory).Findings;

        Assert.Equal([deployer.ObjectId.ToString(), admin.ObjectId.ToString()], findings.Select(f => f.ObjectId).ToArray());
        Assert.Equal([roleManagement.Name], RuleAssert.Strings(findings[0], "permissions"));
        Assert.Equal(["Privileged Role Administrator"], RuleAssert.Strings(findings[1], "roles"));
        Assert.Equal(["repo:contoso/infra:ref:refs/heads/main"], RuleAssert.Strings(findings[0], "subjects"));
        Assert.Contains("trusts tokens from https://token.actions.githubusercontent.com for the subject(s) repo:contoso/infra:ref:refs/heads/main", findings[0].Explanation, StringComparison.Ordinal);
        Assert.Equal(2, RuleAssert.Run<FederatedCredentialOnPrivilegedAppRule>(inventory).Outcomes.Single().ObjectsEvaluated);
    }

    [Fact]
    public void Privileged_app_without_federated_credentials_passes_and_the_rule_needs_them_collected()
    {
        var graph = ServicePrincipal(90, GraphPermissionTiers.MicrosoftGraphAppId, "Microsoft Graph");
        var deployer = App(1, "Infra deployer");
        var deployerSp = ServicePrincipalOf(deployer, 11);
        var inventory = new TenantInventory
        {
            Applications = [deployer],
            ServicePrincipals = [graph, deployerSp],
            AppRoleAssignments = [AppRole(deployerSp.ObjectId, GraphPermissionTiers.All.First(p => p.Tier == PermissionTier.Direct).Id, graph.ObjectId)],
        };

        RuleAssert.NoFinding<FederatedCredentialOnPrivilegedAppRule>(inventory);
        var withCredential = new TenantInventory
        {
            Applications = inventory.Applications, ServicePrincipals = inventory.ServicePrincipals, AppRoleAssignments = inventory.AppRoleAssignments,
            FederatedCredentials = [Federated(deployer, "repo:contoso/infra:ref:refs/heads/main")],
        };
        RuleAssert.NotEvaluatedWithout<FederatedCredentialOnPrivilegedAppRule>(withCredential, "federatedIdentityCredentials");
    }

    private static ApplicationRecord Copy(ApplicationRecord app, bool implicitAccess = false, string requiredResourceAccess = "[]") => new()
    {
        TenantId = app.TenantId, ScanId = app.ScanId, ObjectId = app.ObjectId, AppId = app.AppId, DisplayName = app.DisplayName, CreatedAt = app.CreatedAt,
        ImplicitAccessTokenIssuance = implicitAccess, RequiredResourceAccess = requiredResourceAccess,
    };
}

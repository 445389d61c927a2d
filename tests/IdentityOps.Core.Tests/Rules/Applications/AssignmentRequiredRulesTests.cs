using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Rules.Applications;
using Xunit;
using static IdentityOps.Core.Tests.Rules.Records;

namespace IdentityOps.Core.Tests.Rules.Applications;

/// <summary>Who may sign in to an enterprise application: MT.1075, MT.1186 and CIS 1.3.7 (issue 19 C).</summary>
public sealed class AssignmentRequiredRulesTests
{
    private static readonly Guid Vendor = new("0e7a6fff-0000-4000-8000-000000000001");
    private static readonly Guid MicrosoftServices = new("f8cdef31-a31e-4b4a-93e4-5f571e91255a");
    private static readonly Guid MicrosoftCorp = new("72f988bf-86f1-41af-91ab-2d7cd011db47");
    private static readonly Guid ThirdPartyStorage = new("c1f33bc0-bdb4-4248-ba9b-096807ddb43e");

    private static ServicePrincipalRecord Sp(int n, Guid? owner, bool? required, bool enabled = true, string type = "Application", Guid? appId = null, string? name = null) => new()
    {
        TenantId = Tenant, ScanId = ScanOfRecords, ObjectId = Id(n), AppId = appId ?? Id(1000 + n), DisplayName = name ?? $"App {n}",
        ServicePrincipalType = type, AppOwnerOrganizationId = owner, AccountEnabled = enabled, AppRoleAssignmentRequired = required,
    };

    private static TenantInventory Of(params ServicePrincipalRecord[] sps) => new() { ServicePrincipals = sps };

    /// <summary>Every MT.1186 client present and locked, but for <paramref name="missing"/> (no service principal) and <paramref name="open"/> (assignment not required).</summary>
    private static ServicePrincipalRecord[] AdminClients(Guid? missing = null, Guid? open = null)
        => [.. HighPrivilegeFirstPartyAppOpenRule.Apps.Where(app => app.AppId != missing)
            .Select((app, i) => Sp(500 + i, MicrosoftServices, app.AppId != open, enabled: app.AppId != open, appId: app.AppId, name: app.Name))];

    [Fact]
    public void A_vendor_app_anyone_can_sign_in_to_is_a_low_finding_per_app()
    {
        var finding = RuleAssert.SingleFinding<ServicePrincipalOpenToAllUsersRule>(Of(Sp(1, Vendor, false), Sp(2, Vendor, true)));

        Assert.Equal((Id(1).ToString(), Severity.Low), (finding.ObjectId, finding.Rule.Severity));
        Assert.Equal("unverified publisher", finding.Evidence["publisher"]);
        Assert.Contains("does not require assignment", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void The_tenants_own_apps_and_legacy_apps_count_as_Maester_counts_them()
    {
        var evaluation = RuleAssert.Run<ServicePrincipalOpenToAllUsersRule>(Of(Sp(1, Tenant, false), Sp(2, null, null, type: "Legacy")));

        Assert.Equal([Id(1).ToString(), Id(2).ToString()], evaluation.Findings.Select(f => f.ObjectId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Microsoft_apps_managed_identities_disabled_apps_and_assigned_apps_pass()
        => RuleAssert.NoFinding<ServicePrincipalOpenToAllUsersRule>(Of(
            Sp(1, MicrosoftServices, false), Sp(2, MicrosoftCorp, false), Sp(3, null, false, type: "ManagedIdentity"), Sp(4, Vendor, false, enabled: false), Sp(5, Vendor, true)));

    [Fact]
    public void Open_apps_rule_is_not_evaluated_without_the_assignment_flag()
        => RuleAssert.NotEvaluatedWithout<ServicePrincipalOpenToAllUsersRule>(Of(Sp(1, Vendor, false)), "servicePrincipals.appRoleAssignmentRequired");

    [Fact]
    public void An_open_or_missing_admin_client_is_one_medium_finding_for_the_tenant()
    {
        var graphCli = new Guid("14d82eec-204b-4c2f-b7e8-296a70dab67e");
        var powerPlatform = new Guid("9cee029c-6210-4654-90bb-17e6e9d36617");
        var finding = RuleAssert.SingleFinding<HighPrivilegeFirstPartyAppOpenRule>(Of(AdminClients(missing: powerPlatform, open: graphCli)));

        Assert.Equal(("tenant", Severity.Medium), (finding.ObjectId, finding.Rule.Severity));
        Assert.Equal(["Microsoft Graph Command Line Tools (14d82eec-204b-4c2f-b7e8-296a70dab67e): disabled, assignment not required"], RuleAssert.Strings(finding, "openApps"));
        Assert.Equal(["Power Platform CLI (9cee029c-6210-4654-90bb-17e6e9d36617)"], RuleAssert.Strings(finding, "notCreated"));
    }

    [Fact]
    public void All_admin_clients_assignment_required_passes() => RuleAssert.NoFinding<HighPrivilegeFirstPartyAppOpenRule>(Of(AdminClients()));

    [Fact]
    public void Admin_clients_rule_is_not_evaluated_without_the_assignment_flag()
        => RuleAssert.NotEvaluatedWithout<HighPrivilegeFirstPartyAppOpenRule>(Of(AdminClients()), "servicePrincipals.appRoleAssignmentRequired");

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Third_party_storage_is_allowed_while_its_service_principal_is_missing_or_enabled(bool exists, bool enabled)
    {
        var finding = RuleAssert.SingleFinding<ThirdPartyStorageInOfficeWebRule>(exists ? Of(Sp(1, MicrosoftServices, false, enabled, appId: ThirdPartyStorage)) : Of());

        Assert.Equal(("tenant", Severity.Low), (finding.ObjectId, finding.Rule.Severity));
        Assert.Contains(exists ? "enabled" : "not created", (string)finding.Evidence["servicePrincipal"]!, StringComparison.Ordinal);
    }

    [Fact]
    public void A_disabled_third_party_storage_service_principal_passes()
        => RuleAssert.NoFinding<ThirdPartyStorageInOfficeWebRule>(Of(Sp(1, MicrosoftServices, false, enabled: false, appId: ThirdPartyStorage)));

    [Fact]
    public void Third_party_storage_rule_is_not_evaluated_without_service_principals()
        => RuleAssert.NotEvaluatedWithout<ThirdPartyStorageInOfficeWebRule>(Of());
}

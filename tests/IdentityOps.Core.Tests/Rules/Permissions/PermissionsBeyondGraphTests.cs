using IdentityOps.Core.Inventory;
using IdentityOps.Core.Inventory.Reference;
using IdentityOps.Core.Rules.Permissions;
using Xunit;
using static IdentityOps.Core.Tests.Rules.Records;

namespace IdentityOps.Core.Tests.Rules.Permissions;

/// <summary>
/// The collector reads app role assignments of Exchange Online and SharePoint Online beside Microsoft Graph's
/// (issue 17 item 8): their dangerous app roles are tiered like Graph's, and an app role id counts only on the
/// resource that defines it.
/// </summary>
public sealed class PermissionsBeyondGraphTests
{
    private static readonly Guid FullAccessAsApp = new("dc890d15-9560-4a4c-9b7f-a736ec74ec40");
    private static readonly Guid ExchangeManageAsApp = new("dc50a0fb-09a3-484d-be87-e023b12c6440");
    private static readonly Guid SharePointSitesFullControlAll = new("678536fe-1083-478a-9c59-b99265e6b0d3");
    private static readonly Guid FilesReadAll = new("01d4889c-1287-42c6-ac1f-5d1e02578ef6");
    private static readonly Guid SitesReadAll = new("332a536c-c7ef-4017-ab91-336970924f0d");

    private static readonly ServicePrincipalRecord Graph = ServicePrincipal(900, GraphPermissionTiers.MicrosoftGraphAppId, "Microsoft Graph", GraphPermissionTiers.MicrosoftTenantId);
    private static readonly ServicePrincipalRecord Exchange = ServicePrincipal(901, GraphPermissionTiers.ExchangeOnlineAppId, "Office 365 Exchange Online", GraphPermissionTiers.MicrosoftTenantId);
    private static readonly ServicePrincipalRecord SharePoint = ServicePrincipal(902, GraphPermissionTiers.SharePointOnlineAppId, "Office 365 SharePoint Online", GraphPermissionTiers.MicrosoftTenantId);

    private static TenantInventory Holding(params (Guid AppRole, ServicePrincipalRecord Resource)[] grants)
    {
        var app = App(1, "Mail archiver");
        var client = ServicePrincipalOf(app, 2);
        return new TenantInventory
        {
            Applications = [app],
            ServicePrincipals = [Graph, Exchange, SharePoint, client],
            AppRoleAssignments = [.. grants.Select((g, i) => AppRole(client.ObjectId, g.AppRole, g.Resource.ObjectId, g.Resource.DisplayName, i))],
        };
    }

    [Fact]
    public void Exchange_full_access_as_app_is_a_sensitive_finding_naming_its_resource_and_impact()
    {
        var finding = RuleAssert.SingleFinding<GraphSensitiveDataPermissionRule>(Holding((FullAccessAsApp, Exchange)));

        Assert.Equal(new[] { "full_access_as_app (Office 365 Exchange Online)" }, (string[])finding.Evidence["permissions"]!);
        Assert.Equal("Office 365 Exchange Online", finding.Evidence["resourceDisplayName"]);
        Assert.Contains("every mailbox through Exchange Web Services", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Exchange_ManageAsApp_and_SharePoint_full_control_are_sensitive_findings()
    {
        var finding = RuleAssert.SingleFinding<GraphSensitiveDataPermissionRule>(Holding((ExchangeManageAsApp, Exchange), (SharePointSitesFullControlAll, SharePoint)));

        Assert.Equal(
            new[] { "Exchange.ManageAsApp (Office 365 Exchange Online)", "Sites.FullControl.All (Office 365 SharePoint Online)" },
            (string[])finding.Evidence["permissions"]!);
        Assert.Equal("Office 365 Exchange Online and Office 365 SharePoint Online", finding.Evidence["resourceDisplayName"]);
    }

    [Fact]
    public void An_app_role_id_counts_only_on_the_resource_that_defines_it()
    {
        // full_access_as_app's id granted on Microsoft Graph (or an API of the tenant's own) is not full_access_as_app.
        RuleAssert.NoFinding<GraphSensitiveDataPermissionRule>(Holding((FullAccessAsApp, Graph)));
        RuleAssert.NoFinding<GraphSensitiveDataPermissionRule>(Holding((SitesReadAll, SharePoint)));
    }

    [Fact]
    public void Files_Read_All_and_Sites_Read_All_are_sensitive()
    {
        var finding = RuleAssert.SingleFinding<GraphSensitiveDataPermissionRule>(Holding((FilesReadAll, Graph), (SitesReadAll, Graph)));

        Assert.Equal(new[] { "Files.Read.All", "Sites.Read.All" }, (string[])finding.Evidence["permissions"]!);
        Assert.Equal("Microsoft Graph", finding.Evidence["resourceDisplayName"]);
    }

    [Theory]
    [InlineData("8e8e4742-1d95-4f68-9d56-6ee75648c72a", "DelegatedPermissionGrant.ReadWrite.All")]
    [InlineData("fb221be6-99f2-473f-bd32-01c6a0e9ca3b", "Policy.ReadWrite.Authorization")]
    [InlineData("90db2b9a-d928-4d33-a4dd-8442ae3d41e4", "IdentityProvider.ReadWrite.All")]
    [InlineData("c22a92cc-79bf-4bb1-8b6c-e0a05d3d80ce", "OnPremDirectorySynchronization.ReadWrite.All")]
    public void Permissions_that_change_who_may_sign_in_or_consent_are_paths_to_privilege_not_data_reads(string id, string name)
    {
        var inventory = Holding((new Guid(id), Graph));

        var finding = RuleAssert.SingleFinding<GraphHighPermissionRule>(inventory);
        Assert.Equal(new[] { name }, (string[])finding.Evidence["permissions"]!);
        Assert.DoesNotContain("mailbox", finding.Explanation, StringComparison.Ordinal);
        RuleAssert.NoFinding<GraphSensitiveDataPermissionRule>(inventory);
    }

    [Fact]
    public void Every_listed_permission_has_its_own_impact_and_mailbox_wording_only_where_it_is_about_mail()
    {
        var all = GraphPermissionTiers.All;

        Assert.Equal(all.Count, all.Select(p => p.Impact).Distinct(StringComparer.Ordinal).Count());
        Assert.All(all.Where(p => p.Impact.Contains("mailbox", StringComparison.Ordinal)), p => Assert.True(
            p.Name.StartsWith("Mail.", StringComparison.Ordinal) || p.ResourceAppId == GraphPermissionTiers.ExchangeOnlineAppId,
            $"{p.Name} speaks of mailboxes"));
    }

    [Fact]
    public void The_data_file_says_its_tiers_are_our_judgement_and_names_its_sources()
    {
        using var stream = typeof(GraphPermissionTiers).Assembly.GetManifestResourceStream("IdentityOps.Core.Inventory.Reference.graph-dangerous-application-permissions.tsv")!;
        var header = string.Join('\n', new StreamReader(stream).ReadToEnd().Split('\n').TakeWhile(l => l.StartsWith('#')));

        Assert.Contains("TIERS ARE OUR JUDGEMENT", header, StringComparison.Ordinal);
        Assert.Contains("emiliensocchi/azure-tiering", header, StringComparison.Ordinal);
        Assert.Contains("https://learn.microsoft.com/", header, StringComparison.Ordinal);
    }

    [Fact]
    public void Explanations_of_the_high_and_tier0_rules_state_each_permissions_own_impact()
    {
        var high = RuleAssert.SingleFinding<GraphHighPermissionRule>(Holding((new Guid("62a82d76-70ea-41e2-9197-370581804d09"), Graph)));
        Assert.Contains("Group.ReadWrite.All: change members and owners of groups that are not role-assignable", high.Explanation, StringComparison.Ordinal);

        var tier0 = RuleAssert.SingleFinding<GraphTier0PermissionRule>(Holding((new Guid("01c0a623-fc9b-48e9-b794-0756f8e8f067"), Graph)));
        Assert.Contains("Policy.ReadWrite.ConditionalAccess: change or switch off every Conditional Access policy", tier0.Explanation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("06b708a9-e830-4db3-a914-8e69da51d44f")] // AppRoleAssignment.ReadWrite.All (indirect)
    [InlineData("9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8")] // RoleManagement.ReadWrite.Directory (direct)
    public void Remediation_never_recommends_Application_ReadWrite_OwnedBy_as_a_lesser_permission(string id)
    {
        var inventory = Holding((new Guid(id), Graph));
        var finding = RuleAssert.Run<GraphHighPermissionRule>(inventory).Findings.Concat(RuleAssert.Run<GraphTier0PermissionRule>(inventory).Findings).Single();

        Assert.DoesNotContain("for example a .Read permission, Application.ReadWrite.OwnedBy", finding.Remediation, StringComparison.Ordinal);
        Assert.Contains("Application.ReadWrite.OwnedBy", finding.Remediation, StringComparison.Ordinal);
        Assert.Contains("Remove-MgServicePrincipalAppRoleAssignment", finding.Remediation, StringComparison.Ordinal);
    }
}

using IdentityOps.Core.Graph.Collection;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Inventory.Reference;
using Microsoft.Graph.Models;

namespace IdentityOps.Core.Tests.Inventory.Reference;

/// <summary>
/// Microsoft's published role labels as carried in the repository (entra-docs, retrieved 2026-12-07), how a role's
/// granted actions are matched against the privileged ones, and the order in which the sources decide.
/// </summary>
public sealed class EntraRolePrivilegeTests
{
    [Fact]
    public void The_published_lists_parse_with_the_counts_Microsoft_lists()
    {
        Assert.Equal(123, EntraRolePrivilege.BuiltInRoles.Count);
        Assert.Equal(29, EntraRolePrivilege.BuiltInRoles.Count(r => r.IsPrivileged));
        Assert.Equal(43, EntraRolePrivilege.PrivilegedActions.Count);
        Assert.Equal(EntraRolePrivilege.PrivilegedActions.Count, EntraRolePrivilege.PrivilegedActions.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(EntraRolePrivilege.PrivilegedActions, a => Assert.StartsWith("microsoft.directory/", a, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("62e90394-69f5-4237-9190-012177145e10", "Global Administrator", true)]
    [InlineData("f2ef992c-3afb-46b9-b7cf-a126ee74c451", "Global Reader", true)]
    [InlineData("e8611ab8-c189-46e8-94e1-60213ab1f814", "Privileged Role Administrator", true)]
    [InlineData("194ae4cb-b126-40b2-bd5b-6091b380977d", "Security Administrator", true)]
    [InlineData("5d6b6bb7-de71-4623-b4af-96380a352509", "Security Reader", true)]
    [InlineData("88d8e3e3-8f55-4a1e-953a-9b9898b8876b", "Directory Readers", false)]
    [InlineData("29232cdf-9323-42fd-ade2-1d097af3e4de", "Exchange Administrator", false)]
    [InlineData("d29b2b05-8046-44ba-8758-1e26182fcf32", "Directory Synchronization Accounts", false)]
    public void Known_roles_carry_the_label_Microsoft_gives_them(string templateId, string name, bool privileged)
    {
        var role = EntraRolePrivilege.BuiltInRole(templateId.ToUpperInvariant());
        Assert.NotNull(role);
        Assert.Equal((name, privileged), (role.DisplayName, role.IsPrivileged));
    }

    [Theory]
    [InlineData("microsoft.directory/applications/credentials/update", true)]
    [InlineData("MICROSOFT.DIRECTORY/Applications/Credentials/Update", true)]
    [InlineData("microsoft.directory/applications/allProperties/allTasks", true)]
    [InlineData("microsoft.directory/users/allProperties/allTasks", true)]
    [InlineData("microsoft.directory/users/allProperties/read", true)]
    [InlineData("microsoft.directory/allEntities/allProperties/allTasks", true)]
    [InlineData("microsoft.directory/*", true)]
    [InlineData("microsoft.directory/applications/standard/read", false)]
    [InlineData("microsoft.directory/applications/basic/update", false)]
    [InlineData("microsoft.directory/users/basic/update", false)]
    [InlineData("microsoft.directory/roleAssignments/allProperties/allTasks", false)]
    [InlineData("microsoft.azure.supportTickets/allEntities/allTasks", false)]
    public void A_granted_action_is_privileged_when_it_names_a_privileged_action_or_a_set_containing_one(string granted, bool privileged)
        => Assert.Equal(privileged, EntraRolePrivilege.PrivilegedActionIn([granted]) is not null);

    [Fact]
    public void A_broad_set_covers_its_parts_but_a_part_does_not_cover_the_set()
    {
        Assert.True(EntraRolePrivilege.Covers("microsoft.directory/users/allProperties/allTasks", "microsoft.directory/users/password/update"));
        Assert.True(EntraRolePrivilege.Covers("microsoft.directory/users/allProperties/read", "microsoft.directory/users/lifeCycleInfo/read"));
        Assert.False(EntraRolePrivilege.Covers("microsoft.directory/users/password/update", "microsoft.directory/users/allProperties/allTasks"));
        Assert.False(EntraRolePrivilege.Covers("microsoft.directory/applications/allProperties/allTasks", "microsoft.directory/applications.myOrganization/credentials/update"));
        Assert.False(EntraRolePrivilege.Covers("microsoft.directory/users/allProperties/read", "microsoft.directory/users/password/update"));
    }

    [Fact]
    public void Graph_flag_beats_the_list_which_beats_the_permissions_and_nothing_known_is_unknown()
    {
        const string GlobalAdministrator = "62e90394-69f5-4237-9190-012177145e10";
        const string DirectoryReaders = "88d8e3e3-8f55-4a1e-953a-9b9898b8876b";
        UnifiedRoleDefinition Role(string id, bool builtIn, bool? flag, params string[] actions) => new()
        {
            Id = id,
            TemplateId = id,
            IsBuiltIn = builtIn,
            DisplayName = id,
            RolePermissions = actions.Length == 0 ? null : [new UnifiedRolePermission { AllowedResourceActions = [.. actions] }],
            AdditionalData = flag is { } value ? new Dictionary<string, object> { ["isPrivileged"] = value } : new Dictionary<string, object>(),
        };
        var custom = Guid.NewGuid().ToString();

        Assert.Equal((false, RolePrivilegeSource.GraphFlag), DirectoryRolesReader.Privilege(Role(GlobalAdministrator, true, false)));
        Assert.Equal((true, RolePrivilegeSource.PublishedList), DirectoryRolesReader.Privilege(Role(GlobalAdministrator, true, null)));
        Assert.Equal((false, RolePrivilegeSource.PublishedList), DirectoryRolesReader.Privilege(Role(DirectoryReaders, true, null, "microsoft.directory/users/allProperties/allTasks")));
        Assert.Equal((true, RolePrivilegeSource.PrivilegedPermissions), DirectoryRolesReader.Privilege(Role(custom, false, null, "microsoft.directory/applications/standard/read", "microsoft.directory/applications/credentials/update")));
        Assert.Equal((false, RolePrivilegeSource.PrivilegedPermissions), DirectoryRolesReader.Privilege(Role(custom, false, null, "microsoft.directory/applications/standard/read")));
        Assert.Equal((true, RolePrivilegeSource.PrivilegedPermissions), DirectoryRolesReader.Privilege(Role(Guid.NewGuid().ToString(), true, null, "microsoft.directory/users/password/update")));
        Assert.Equal((false, RolePrivilegeSource.Unknown), DirectoryRolesReader.Privilege(Role(custom, false, null)));
    }
}

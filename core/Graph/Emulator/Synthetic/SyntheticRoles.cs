using System.Text.Json.Nodes;

namespace IdentityOps.Core.Graph.Emulator.Synthetic;

/// <summary>
/// Directory roles: built-in definitions with their real template ids plus one custom role, and
/// active assignments with the principal inline (as <c>$expand=principal</c> returns it).
/// </summary>
internal static class SyntheticRoles
{
    public const string CustomRoleName = "Application Readers (custom)";
    public const string RoleAssignableGroupName = "Messaging Operators";

    private static readonly BuiltInRole[] NoiseUserRoles =
    [
        GraphReferenceData.HelpdeskAdministrator, GraphReferenceData.ExchangeAdministrator, GraphReferenceData.GlobalReader,
        GraphReferenceData.SecurityReader, GraphReferenceData.DirectoryReaders, GraphReferenceData.ReportsReader,
        GraphReferenceData.UserAdministrator, GraphReferenceData.ConditionalAccessAdministrator,
        GraphReferenceData.AuthenticationAdministrator,
    ];

    private static readonly Dictionary<string, string[]> RoleActions = new(StringComparer.Ordinal)
    {
        [GraphReferenceData.GlobalAdministrator.TemplateId] = ["microsoft.directory/applications/allProperties/allTasks", "microsoft.directory/roleAssignments/allProperties/allTasks", "microsoft.directory/users/allProperties/allTasks"],
        [GraphReferenceData.PrivilegedRoleAdministrator.TemplateId] = ["microsoft.directory/roleAssignments/allProperties/allTasks", "microsoft.directory/roleDefinitions/allProperties/allTasks"],
        [GraphReferenceData.ApplicationAdministrator.TemplateId] = ["microsoft.directory/applications/allProperties/allTasks", "microsoft.directory/servicePrincipals/allProperties/allTasks"],
        [GraphReferenceData.CloudApplicationAdministrator.TemplateId] = ["microsoft.directory/applications/allProperties/allTasks"],
        [GraphReferenceData.UserAdministrator.TemplateId] = ["microsoft.directory/users/allProperties/allTasks", "microsoft.directory/groups/allProperties/allTasks"],
        [GraphReferenceData.DirectoryReaders.TemplateId] = ["microsoft.directory/users/standard/read", "microsoft.directory/groups/standard/read"],
    };

    public static void Plan(SyntheticContext context)
    {
        var users = context.Users;
        for (var i = 0; i < SyntheticUsers.GlobalAdminCount; i++)
        {
            AssignUser(context, GraphReferenceData.GlobalAdministrator, users[i]);
        }

        AssignUser(context, GraphReferenceData.UserAdministrator, users[SyntheticUsers.PrivilegedNoMfa]);
        AssignUser(context, GraphReferenceData.ApplicationAdministrator, users[SyntheticUsers.PrivilegedStale]);
        AssignUser(context, GraphReferenceData.PrivilegedAuthenticationAdministrator, users[SyntheticUsers.PrivilegedSynced]);
        AssignUser(context, GraphReferenceData.SecurityAdministrator, users[SyntheticUsers.PrivilegedGuest]);

        var privilegedApp = context.Apps[SyntheticApplications.PrivilegedDirectoryRole];
        var privilegedServicePrincipal = context.ServicePrincipals.Single(sp => sp.App == privilegedApp);
        Assign(context, GraphReferenceData.PrivilegedRoleAdministrator.TemplateId, null, privilegedServicePrincipal, null);

        // Noise: clean members (enabled, cloud-only, MFA, signed in within 14 days) in everyday roles.
        var random = context.Random("roleAssignments");
        var noiseAdmins = Math.Clamp(context.Spec.Users / 150, 3, 150);
        var chosen = new HashSet<int>();
        for (var attempt = 0; chosen.Count < Math.Min(noiseAdmins, context.CleanMembers.Count) && attempt < noiseAdmins * 20; attempt++)
        {
            var user = random.Pick(context.CleanMembers);
            if (chosen.Add(user.Index))
            {
                var roleIndex = (chosen.Count - 1) % (NoiseUserRoles.Length + 1);
                var roleDefinitionId = roleIndex < NoiseUserRoles.Length ? NoiseUserRoles[roleIndex].TemplateId : SyntheticJson.Id(CustomRoleId(context));
                Assign(context, roleDefinitionId, user, null, null);
                user.IsAdmin = true;
            }
        }

        foreach (var daemon in context.ServicePrincipals.Where(sp => sp.App is { Kind: AppKind.Daemon, Index: >= SyntheticApplications.FirstNoise }).Take(3))
        {
            Assign(context, GraphReferenceData.DirectoryReaders.TemplateId, null, daemon, null);
        }

        Assign(context, GraphReferenceData.ExchangeAdministrator.TemplateId, null, null, new SyntheticGroup(context.Id("group", 0), RoleAssignableGroupName));

        PlantRoleRisks(context, privilegedServicePrincipal);
    }

    private static void PlantRoleRisks(SyntheticContext context, SyntheticServicePrincipal privilegedServicePrincipal)
    {
        var users = context.Users;
        context.Plant(PlantedRiskIds.RoleGlobalAdminCount, PlantedObjectTypes.RoleDefinition, GraphReferenceData.GlobalAdministrator.TemplateId,
            $"{SyntheticUsers.GlobalAdminCount} users hold an active Global Administrator assignment (Microsoft recommends fewer than five).");
        context.Plant(PlantedRiskIds.RoleGuestPrivileged, users[SyntheticUsers.PrivilegedGuest],
            "A guest user (userType Guest) holds Security Administrator (isPrivileged true).");
        context.Plant(PlantedRiskIds.RoleServicePrincipalPrivileged, privilegedServicePrincipal,
            "The service principal of one of the tenant's apps holds Privileged Role Administrator.");
        context.Plant(PlantedRiskIds.RolePrivilegedUserNoMfa, users[SyntheticUsers.PrivilegedNoMfa],
            "A User Administrator whose userRegistrationDetails has isMfaRegistered false (methodsRegistered only 'email').");
        context.Plant(PlantedRiskIds.RolePrivilegedUserStale, users[SyntheticUsers.PrivilegedStale],
            "An Application Administrator whose last sign-in is 150-170 days before AsOf.");
        context.Plant(PlantedRiskIds.RoleSyncedAccountPrivileged, users[SyntheticUsers.PrivilegedSynced],
            "A Privileged Authentication Administrator whose account is synchronised from on-premises (onPremisesSyncEnabled true).");
    }

    private static void AssignUser(SyntheticContext context, BuiltInRole role, SyntheticUser user)
    {
        Assign(context, role.TemplateId, user, null, null);
        user.IsAdmin = true;
    }

    private static void Assign(SyntheticContext context, string roleDefinitionId, SyntheticUser? user, SyntheticServicePrincipal? servicePrincipal, SyntheticGroup? group)
    {
        var index = context.RoleAssignments.Count;
        context.RoleAssignments.Add(new SyntheticRoleAssignment($"{context.Opaque("roleAssignment", index, 43)}-1", roleDefinitionId, user, servicePrincipal, group));
    }

    private static Guid CustomRoleId(SyntheticContext context) => context.Id("customRole", 0);

    public static byte[] RoleDefinitionsFile(SyntheticContext context)
    {
        var definitions = GraphReferenceData.BuiltInRoles.Select(role => Definition(role.TemplateId, role.DisplayName, role.Description, true, role.IsPrivileged,
            RoleActions.TryGetValue(role.TemplateId, out var actions) ? actions : ["microsoft.directory/users/standard/read"]));
        var customId = SyntheticJson.Id(CustomRoleId(context));
        var custom = Definition(customId, CustomRoleName, "Reads app registrations and enterprise apps.", false, false, ["microsoft.directory/applications/standard/read", "microsoft.directory/servicePrincipals/standard/read"]);
        return JsonCollectionBuilder.Of(definitions.Append(custom));
    }

    private static JsonObject Definition(string id, string displayName, string description, bool isBuiltIn, bool isPrivileged, IEnumerable<string> actions) => new()
    {
        ["id"] = id,
        ["description"] = description,
        ["displayName"] = displayName,
        ["isBuiltIn"] = isBuiltIn,
        ["isEnabled"] = true,
        ["isPrivileged"] = isPrivileged,
        ["resourceScopes"] = SyntheticJson.Strings(["/"]),
        ["templateId"] = id,
        ["version"] = isBuiltIn ? "1" : null,
        ["rolePermissions"] = new JsonArray(new JsonObject
        {
            ["allowedResourceActions"] = SyntheticJson.Strings(actions),
            ["condition"] = null,
        }),
    };

    public static byte[] RoleAssignmentsFile(SyntheticContext context)
    {
        using var builder = new JsonCollectionBuilder();
        foreach (var assignment in context.RoleAssignments)
        {
            var principal = Principal(assignment);
            builder.Add(new JsonObject
            {
                ["id"] = assignment.Id,
                ["principalId"] = principal["id"]!.GetValue<string>(),
                ["roleDefinitionId"] = assignment.RoleDefinitionId,
                ["directoryScopeId"] = "/",
                ["appScopeId"] = null,
                ["principal"] = principal,
            });
        }

        return builder.Build();
    }

    private static JsonObject Principal(SyntheticRoleAssignment assignment) => assignment switch
    {
        { User: { } user } => new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.user",
            ["id"] = SyntheticJson.Id(user.Id),
            ["displayName"] = user.DisplayName,
            ["userPrincipalName"] = user.UserPrincipalName,
            ["userType"] = user.UserType,
            ["accountEnabled"] = user.AccountEnabled,
            ["onPremisesSyncEnabled"] = user.OnPremisesSyncEnabled,
        },
        { ServicePrincipal: { } servicePrincipal } => new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.servicePrincipal",
            ["id"] = SyntheticJson.Id(servicePrincipal.Id),
            ["displayName"] = servicePrincipal.DisplayName,
            ["appId"] = SyntheticJson.Id(servicePrincipal.AppId),
            ["servicePrincipalType"] = servicePrincipal.ServicePrincipalType,
            ["accountEnabled"] = true,
        },
        { Group: { } group } => new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.group",
            ["id"] = SyntheticJson.Id(group.Id),
            ["displayName"] = group.DisplayName,
            ["isAssignableToRole"] = true,
            ["securityEnabled"] = true,
            ["mailEnabled"] = false,
        },
        _ => throw new InvalidOperationException("A role assignment without a principal."),
    };
}

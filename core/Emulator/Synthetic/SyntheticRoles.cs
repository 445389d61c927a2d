using System.Text.Json.Nodes;

namespace IdentityOps.Emulator.Synthetic;

/// <summary>
/// Directory roles: built-in definitions with their real template ids plus one custom role, active
/// assignments with the principal inline (as <c>$expand=principal</c> returns it), the tenant's
/// Privileged Identity Management view of them, and the members of its role-assignable groups.
/// </summary>
/// <remarks>
/// The tenant uses PIM: every user's privileged role is eligible and active through an activation of
/// a few hours, except the planted Global Administrator assigned permanently
/// (<see cref="PlantedRiskIds.RolePrivilegedPermanent"/>). The role-assignable group that holds a
/// privileged role has a time-bound active assignment; service principals and non-privileged roles
/// are assigned without end, as PIM cannot make a service principal's role eligible.
/// </remarks>
internal static class SyntheticRoles
{
    public const string CustomRoleName = "Application Readers (custom)";

    /// <summary>
    /// A custom role holding one action Microsoft labels privileged: no published list names a custom role, so
    /// only its <c>rolePermissions</c> say it is privileged (what a scan must judge when Graph gives no flag).
    /// </summary>
    public const string CustomPrivilegedRoleName = "Application Credential Administrators (custom)";

    /// <summary>The privileged action of <see cref="CustomPrivilegedRoleName"/> (Microsoft labels it PRIVILEGED).</summary>
    public const string CustomPrivilegedAction = "microsoft.directory/applications/credentials/update";
    public const string RoleAssignableGroupName = "Messaging Operators";
    public const string PrivilegedGroupName = "Identity Operators";

    /// <summary>The Global Administrator (a user index) whose assignment is permanent, not through PIM.</summary>
    public const int PermanentGlobalAdmin = 1;

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
        var groupMember = PlanPrivilegedGroup(context);
        var customHolder = PlanCustomPrivilegedRole(context);
        var eligibleGuest = PlanEligibleGuestGlobalAdmin(context);

        PlantRoleRisks(context, privilegedServicePrincipal, groupMember, customHolder);
        if (eligibleGuest is not null)
        {
            context.Plant(PlantedRiskIds.RoleGuestPrivileged, eligibleGuest,
                "A guest user eligible for Global Administrator through PIM (roleEligibilitySchedules), with no active assignment: it can activate the role at any time.");
        }
    }

    /// <summary>
    /// A guest eligible for Global Administrator through PIM and not active now: following "make assignments eligible"
    /// does not take the role away, so the guest, synchronised, no-MFA and Global Administrator count rules must still
    /// see it. The first enabled noise guest with MFA that signed in successfully within 90 days (so no other rule is
    /// about it); chosen after every random draw, so the rest of the tenant stays the same. Null without such a guest.
    /// </summary>
    private static SyntheticUser? PlanEligibleGuestGlobalAdmin(SyntheticContext context)
    {
        var guest = context.Users.FirstOrDefault(u => u.Index >= SyntheticUsers.FirstNoise && u.IsGuest && u.AccountEnabled && !u.IsAdmin && u.MfaRegistered
            && u.LastSuccessfulSignIn is { } last && last >= context.DaysAgo(90));
        if (guest is null)
        {
            return null;
        }

        guest.IsAdmin = true;
        context.EligibleOnlyAssignments.Add(new SyntheticRoleAssignment($"{context.Opaque("eligibleOnlyAssignment", 0, 43)}-1", GraphReferenceData.GlobalAdministrator.TemplateId, guest, null, null)
        {
            AssignmentType = "Eligible",
            Start = context.DaysAgo(120),
            End = null,
        });
        return guest;
    }

    /// <summary>
    /// A role-assignable group holding Authentication Administrator, whose one member is an everyday
    /// user (a clean member no other role was given) with no MFA method registered: a privileged user
    /// only through the group. Chosen and changed after every random draw of the users and roles, so
    /// the rest of the tenant is the same as without it.
    /// </summary>
    private static SyntheticUser PlanPrivilegedGroup(SyntheticContext context)
    {
        var group = new SyntheticGroup(context.Id("group", 1), PrivilegedGroupName);
        var chosen = context.CleanMembers.Last(user => !user.IsAdmin);
        var member = chosen with { MfaRegistered = false, MethodsRegistered = ["email"], DefaultMfaMethod = "none" };
        member.IsAdmin = true;
        context.Users[context.Users.IndexOf(chosen)] = member;
        context.CleanMembers[context.CleanMembers.IndexOf(chosen)] = member;
        group.Members.Add(member);
        Assign(context, GraphReferenceData.AuthenticationAdministrator.TemplateId, null, null, group);
        return member;
    }

    /// <summary>
    /// The custom privileged role, held (activated through PIM, like the tenant's other user admins) by an everyday
    /// user no other role was given, with no MFA method registered: privileged only through a custom role. Chosen
    /// and changed after every random draw, as the group member is, so the rest of the tenant stays the same.
    /// </summary>
    private static SyntheticUser PlanCustomPrivilegedRole(SyntheticContext context)
    {
        var chosen = context.CleanMembers.Last(user => !user.IsAdmin);
        var holder = chosen with { MfaRegistered = false, MethodsRegistered = ["email"], DefaultMfaMethod = "none" };
        holder.IsAdmin = true;
        context.Users[context.Users.IndexOf(chosen)] = holder;
        context.CleanMembers[context.CleanMembers.IndexOf(chosen)] = holder;
        Assign(context, SyntheticJson.Id(CustomPrivilegedRoleId(context)), holder, null, null);
        return holder;
    }

    private static void PlantRoleRisks(SyntheticContext context, SyntheticServicePrincipal privilegedServicePrincipal, SyntheticUser groupMember, SyntheticUser customHolder)
    {
        context.Plant(PlantedRiskIds.RolePrivilegedUserNoMfa, customHolder,
            $"A holder of the custom role {CustomPrivilegedRoleName} (only privileged through its action {CustomPrivilegedAction}), whose userRegistrationDetails has isMfaRegistered false.");
        context.Plant(PlantedRiskIds.SignInPrivilegedWithoutMfa, customHolder,
            $"The holder of {CustomPrivilegedRoleName}, not registered for MFA: its successful interactive sign-ins have authenticationRequirement singleFactorAuthentication.");
        context.Plant(PlantedRiskIds.PolicyAdminMfaNotEnforced, PlantedObjectTypes.Tenant, PlantedObjectTypes.Tenant,
            $"Security defaults are off and the only enforced MFA policy, '{SyntheticPolicies.AdminMfaPolicyName}', targets built-in directory roles; Conditional Access takes no custom role, so {CustomPrivilegedRoleName} is not covered.");
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
        context.Plant(PlantedRiskIds.RolePrivilegedUserNoMfa, groupMember,
            $"A member of the role-assignable group {PrivilegedGroupName} (Authentication Administrator, isPrivileged true), not assigned any role directly, whose userRegistrationDetails has isMfaRegistered false.");
        context.Plant(PlantedRiskIds.RolePrivilegedPermanent, users[PermanentGlobalAdmin],
            "A Global Administrator whose active assignment is assignmentType Assigned with no endDateTime (roleAssignmentScheduleInstances), in a tenant whose other admins activate their roles through PIM.");
    }

    private static void AssignUser(SyntheticContext context, BuiltInRole role, SyntheticUser user)
    {
        Assign(context, role.TemplateId, user, null, null);
        user.IsAdmin = true;
    }

    internal static void Assign(SyntheticContext context, string roleDefinitionId, SyntheticUser? user, SyntheticServicePrincipal? servicePrincipal, SyntheticGroup? group)
    {
        var index = context.RoleAssignments.Count;
        var privileged = GraphReferenceData.BuiltInRoles.Any(role => role.IsPrivileged && role.TemplateId == roleDefinitionId)
                         || roleDefinitionId == SyntheticJson.Id(CustomPrivilegedRoleId(context));
        var activated = privileged && user is not null && user.Index != PermanentGlobalAdmin;
        var (type, start, end) = activated ? ("Activated", context.AsOf.AddHours(-2), context.AsOf.AddHours(6))
            : privileged && group is not null ? ("Assigned", context.DaysAgo(60), context.DaysAhead(120))
            : ("Assigned", context.DaysAgo(400 + index), (DateTimeOffset?)null);
        context.RoleAssignments.Add(new SyntheticRoleAssignment($"{context.Opaque("roleAssignment", index, 43)}-1", roleDefinitionId, user, servicePrincipal, group)
        {
            AssignmentType = type,
            Start = start,
            End = end,
        });
    }

    /// <summary>PIM's active instances: one per active assignment, with how it is active and until when.</summary>
    public static byte[] RoleAssignmentScheduleInstancesFile(SyntheticContext context)
    {
        using var builder = new JsonCollectionBuilder();
        foreach (var (assignment, index) in context.RoleAssignments.Select((a, i) => (a, i)))
        {
            builder.Add(new JsonObject
            {
                ["id"] = context.Opaque("roleAssignmentScheduleInstance", index, 43),
                ["principalId"] = PrincipalId(assignment),
                ["roleDefinitionId"] = assignment.RoleDefinitionId,
                ["directoryScopeId"] = "/",
                ["appScopeId"] = null,
                ["startDateTime"] = SyntheticJson.Time(assignment.Start),
                ["endDateTime"] = assignment.End is { } end ? SyntheticJson.Time(end) : null,
                ["assignmentType"] = assignment.AssignmentType,
                ["memberType"] = "Direct",
                ["roleAssignmentOriginId"] = assignment.Id,
                ["roleAssignmentScheduleId"] = context.Opaque("roleAssignmentSchedule", index, 43),
            });
        }

        return builder.Build();
    }

    /// <summary>
    /// PIM's eligible schedules: one per activated assignment (the eligibility it was activated from), without end, and
    /// one per eligible assignment nobody has activated.
    /// </summary>
    public static byte[] RoleEligibilitySchedulesFile(SyntheticContext context)
    {
        using var builder = new JsonCollectionBuilder();
        var activated = context.RoleAssignments.Select((a, i) => (Assignment: a, Id: context.Opaque("roleEligibilitySchedule", i, 43))).Where(x => x.Assignment.AssignmentType == "Activated");
        var eligibleOnly = context.EligibleOnlyAssignments.Select((a, i) => (Assignment: a, Id: context.Opaque("eligibleOnlySchedule", i, 43)));
        foreach (var (assignment, id) in activated.Concat(eligibleOnly))
        {
            builder.Add(new JsonObject
            {
                ["id"] = id,
                ["principalId"] = PrincipalId(assignment),
                ["roleDefinitionId"] = assignment.RoleDefinitionId,
                ["directoryScopeId"] = "/",
                ["appScopeId"] = null,
                ["memberType"] = "Direct",
                ["status"] = "Provisioned",
                ["createdDateTime"] = SyntheticJson.Time(context.DaysAgo(300)),
                ["scheduleInfo"] = new JsonObject
                {
                    ["startDateTime"] = SyntheticJson.Time(context.DaysAgo(300)),
                    ["recurrence"] = null,
                    ["expiration"] = new JsonObject { ["type"] = "noExpiration", ["endDateTime"] = null, ["duration"] = null },
                },
            });
        }

        return builder.Build();
    }

    /// <summary>Each role-assignable group's members, as <c>groups/{id}/transitiveMembers</c> lists them.</summary>
    public static IEnumerable<(string Path, byte[] File)> GroupMemberFiles(SyntheticContext context)
    {
        foreach (var group in context.RoleAssignments.Select(a => a.Group).OfType<SyntheticGroup>().DistinctBy(g => g.Id))
        {
            var file = JsonCollectionBuilder.Of(group.Members.Select(user => new JsonObject
            {
                ["@odata.type"] = "#microsoft.graph.user",
                ["id"] = SyntheticJson.Id(user.Id),
                ["displayName"] = user.DisplayName,
                ["userPrincipalName"] = user.UserPrincipalName,
            }));
            yield return ($"groups/{SyntheticJson.Id(group.Id)}/transitiveMembers.json", file);
        }
    }

    private static string PrincipalId(SyntheticRoleAssignment assignment)
        => SyntheticJson.Id(assignment.User?.Id ?? assignment.ServicePrincipal?.Id ?? assignment.Group!.Id);

    private static Guid CustomRoleId(SyntheticContext context) => context.Id("customRole", 0);

    private static Guid CustomPrivilegedRoleId(SyntheticContext context) => context.Id("customRole", 1);

    public static byte[] RoleDefinitionsFile(SyntheticContext context)
    {
        var definitions = GraphReferenceData.BuiltInRoles.Select(role => Definition(role.TemplateId, role.DisplayName, role.Description, true, role.IsPrivileged,
            RoleActions.TryGetValue(role.TemplateId, out var actions) ? actions : ["microsoft.directory/users/standard/read"]));
        var customId = SyntheticJson.Id(CustomRoleId(context));
        var custom = Definition(customId, CustomRoleName, "Reads app registrations and enterprise apps.", false, false, ["microsoft.directory/applications/standard/read", "microsoft.directory/servicePrincipals/standard/read"]);

        // Beta labels a custom role privileged when it holds a privileged permission, as the admin center does.
        var customPrivileged = Definition(SyntheticJson.Id(CustomPrivilegedRoleId(context)), CustomPrivilegedRoleName, "Rotates the credentials of app registrations.", false, true,
            ["microsoft.directory/applications/standard/read", CustomPrivilegedAction]);
        return JsonCollectionBuilder.Of(definitions.Append(custom).Append(customPrivileged));
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

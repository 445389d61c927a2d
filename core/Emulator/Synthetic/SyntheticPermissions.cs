using System.Text.Json.Nodes;

namespace IdentityOps.Emulator.Synthetic;

/// <summary>
/// Application permissions (app role assignments on resource service principals) and delegated
/// grants. What an app requests in requiredResourceAccess is exactly what is granted to it.
/// </summary>
internal static class SyntheticPermissions
{
    private static readonly HashSet<string> SensitiveDelegatedScopes = new(StringComparer.Ordinal) { "Mail.ReadWrite", "Files.ReadWrite.All", "Mail.Read", "Mail.Send" };

    public static void Plan(SyntheticContext context)
    {
        var random = context.Random("permissions");
        var servicePrincipalOf = context.ServicePrincipals.Where(sp => sp.App is not null).ToDictionary(sp => sp.App!.Index);
        var graph = context.GraphServicePrincipal;
        var graphRoles = graph.AppRoles.ToDictionary(role => role.Id);

        foreach (var app in context.Apps)
        {
            var client = servicePrincipalOf[app.Index];
            foreach (var permission in app.GraphApplicationPermissions)
            {
                AddAssignment(context, graphRoles[new Guid(permission.Id)], client, graph, app.CreatedDateTime.AddDays(1));
                PlantGraphPermission(context, client, permission);
            }

            if (app is { CallsApi: { } api, CallsApiRole: { } apiRole })
            {
                AddAssignment(context, apiRole, client, servicePrincipalOf[api.Index], app.CreatedDateTime.AddDays(1));
            }

            if (app.AdminConsented && app.GraphDelegatedPermissions.Count > 0)
            {
                var grant = AddGrant(context, client, graph, null, app.GraphDelegatedPermissions.Select(permission => permission.Value));
                var sensitive = app.GraphDelegatedPermissions.Where(permission => SensitiveDelegatedScopes.Contains(permission.Value)).Select(permission => permission.Value).ToArray();
                if (sensitive.Length > 0)
                {
                    context.Plant(PlantedRiskIds.GrantTenantWideSensitiveScope, PlantedObjectTypes.OAuth2PermissionGrant, grant.Id,
                        $"consentType AllPrincipals on Microsoft Graph for the app '{app.DisplayName}' with scope '{grant.Scope.Trim()}': every user's {string.Join(" and ", sensitive)}.");
                }
            }
        }

        PlanServicePrincipalOwners(context);

        var consented = context.ServicePrincipals.Single(sp => sp.DisplayName == SyntheticServicePrincipals.ConsentedThirdPartyName && sp.App is null);
        var consentingUser = context.Users[SyntheticUsers.ConsentingUser];
        var mailGrant = AddGrant(context, consented, graph, consentingUser, ["openid", "profile", "offline_access", "User.Read", "Mail.Read"]);
        context.Plant(PlantedRiskIds.GrantUserConsentOfflineMail, PlantedObjectTypes.OAuth2PermissionGrant, mailGrant.Id,
            $"consentType Principal: one user consented for the unverified third-party app '{SyntheticServicePrincipals.ConsentedThirdPartyName}' to scope '{mailGrant.Scope.Trim()}' (offline_access with Mail.Read).");

        foreach (var thirdParty in context.ServicePrincipals.Where(sp => sp.App is null && !sp.IsFirstParty && sp.ServicePrincipalType == "Application" && sp != consented))
        {
            var roll = random.NextDouble();
            if (roll < 0.25)
            {
                AddGrant(context, thirdParty, graph, null, ["openid", "profile", "email", "User.Read"]);
            }
            else if (roll < 0.35 && context.CleanMembers.Count > 0)
            {
                AddGrant(context, thirdParty, graph, random.Pick(context.CleanMembers), ["openid", "profile", "offline_access", "User.Read"]);
            }
        }
    }

    /// <summary>
    /// The app whose service principal holds a privileged directory role (Privileged Role Administrator, assigned in
    /// <see cref="SyntheticRoles"/>) has a Global Administrator as the owner of its app registration, and an ordinary
    /// member as the owner of its enterprise application: that member can add a secret to the service principal and sign
    /// in as the app. Found only by reading service principals' owners and counting directory roles as privilege.
    /// </summary>
    private static void PlanServicePrincipalOwners(SyntheticContext context)
    {
        var app = context.Apps[SyntheticApplications.PrivilegedDirectoryRole];
        var servicePrincipal = context.ServicePrincipals.Single(sp => sp.App == app);
        servicePrincipal.Owners.Add(context.Users[SyntheticUsers.NonAdminOwner]);
        context.Plant(PlantedRiskIds.AppPrivilegedOwnedByNonAdmin, app,
            "The app's service principal holds the Privileged Role Administrator directory role (no Graph permission); its app registration is owned by a Global Administrator, but its service principal (servicePrincipals/{id}/owners) by an enabled member user who holds no directory role.");
    }

    private static void PlantGraphPermission(SyntheticContext context, SyntheticServicePrincipal client, GraphPermission permission)
    {
        var description = $"appRoleAssignedTo of Microsoft Graph holds {permission.Value} ({permission.Id}) granted to this service principal of the app '{client.DisplayName}'.";
        switch (permission.Tier)
        {
            case GraphReferenceData.TierDirect:
                context.Plant(PlantedRiskIds.AppGraphTier0Permission, client, description + " It is a one-step path to Global Administrator.");
                break;
            case GraphReferenceData.TierIndirect:
                context.Plant(PlantedRiskIds.AppGraphHighPermission, client, description);
                break;
            default:
                throw new InvalidOperationException($"Only tier-0 and high Graph application permissions are planted, not {permission.Value}.");
        }
    }

    private static void AddAssignment(SyntheticContext context, SyntheticAppRole role, SyntheticServicePrincipal principal, SyntheticServicePrincipal resource, DateTimeOffset created)
    {
        var index = context.AppRoleAssignments.Count;
        context.AppRoleAssignments.Add(new SyntheticAppRoleAssignment(context.Opaque("appRoleAssignment", index, 43), role, principal, resource, created));
    }

    private static SyntheticGrant AddGrant(SyntheticContext context, SyntheticServicePrincipal client, SyntheticServicePrincipal resource, SyntheticUser? principal, IEnumerable<string> scopes)
    {
        var index = context.Grants.Count;

        // Graph keeps the scope string as it was consented; a leading space is common in real tenants.
        var scope = (index % 3 == 0 ? " " : string.Empty) + string.Join(' ', scopes);
        var grant = new SyntheticGrant(context.Opaque("grant", index, 43), client, resource, principal, scope);
        context.Grants.Add(grant);
        return grant;
    }

    public static byte[] GrantsFile(SyntheticContext context)
    {
        using var builder = new JsonCollectionBuilder();
        foreach (var grant in context.Grants)
        {
            builder.Add(new JsonObject
            {
                ["id"] = grant.Id,
                ["clientId"] = SyntheticJson.Id(grant.Client.Id),
                ["consentType"] = grant.Principal is null ? "AllPrincipals" : "Principal",
                ["principalId"] = grant.Principal is { } principal ? SyntheticJson.Id(principal.Id) : null,
                ["resourceId"] = SyntheticJson.Id(grant.Resource.Id),
                ["scope"] = grant.Scope,
            });
        }

        return builder.Build();
    }

    /// <summary>One <c>appRoleAssignedTo</c> file per service principal that exposes app roles, empty ones included.</summary>
    public static IEnumerable<(string Path, byte[] File)> AppRoleAssignedToFiles(SyntheticContext context)
    {
        var byResource = context.AppRoleAssignments.ToLookup(assignment => assignment.Resource.Id);
        foreach (var resource in context.ResourceServicePrincipals)
        {
            var file = JsonCollectionBuilder.Of(byResource[resource.Id].Select(assignment => new JsonObject
            {
                ["id"] = assignment.Id,
                ["appRoleId"] = SyntheticJson.Id(assignment.Role.Id),
                ["createdDateTime"] = SyntheticJson.Time(assignment.CreatedDateTime),
                ["deletedDateTime"] = null,
                ["principalDisplayName"] = assignment.Principal.DisplayName,
                ["principalId"] = SyntheticJson.Id(assignment.Principal.Id),
                ["principalType"] = "ServicePrincipal",
                ["resourceDisplayName"] = assignment.Resource.DisplayName,
                ["resourceId"] = SyntheticJson.Id(assignment.Resource.Id),
            }));
            yield return ($"servicePrincipals/{SyntheticJson.Id(resource.Id)}/appRoleAssignedTo.json", file);
        }
    }
}

namespace IdentityOps.Emulator.Synthetic;

/// <summary>
/// Generates a deterministic synthetic Entra tenant: the same spec gives byte-identical files, a
/// different seed a different tenant. The planted risks are the same set at every size
/// (<see cref="PlantedRiskIds"/>); everything else is clean noise.
/// </summary>
public static class SyntheticTenantGenerator
{
    public static SyntheticTenant Generate(SyntheticTenantSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();

        // Plan first (users, apps, service principals, permissions, roles), then write: the files
        // cross-reference each other and isAdmin depends on the role assignments.
        var context = new SyntheticContext(spec);
        SyntheticUsers.Plan(context);
        SyntheticApplications.Plan(context);
        SyntheticServicePrincipals.Plan(context);
        SyntheticAssignments.Plan(context); // issue 19 C
        SyntheticPermissions.Plan(context);
        SyntheticRoles.Plan(context);
        SyntheticAppHygiene.Plan(context); // issue 19 E1: before the sign-in log, which leaves out apps without sign-ins.
        SyntheticSignIns.Plan(context);
        SyntheticPolicies.PlantPolicyRisks(context);
        SyntheticUserHygiene.Plan(context); // issue 19 E2
        SyntheticConditionalAccessBaseline.Plant(context); // issue 19 A2
        SyntheticTenantSettings.PlantRisks(context); // issue 19 C

        var files = new SortedDictionary<string, SnapshotFile>(StringComparer.Ordinal)
        {
            ["organization.json"] = new(SyntheticPolicies.OrganizationFile(context)),
            ["subscribedSkus.json"] = new(SyntheticPolicies.SubscribedSkusFile(context)),
            ["users.json"] = new(SyntheticUsers.UsersFile(context)),
            ["reports/authenticationMethods/userRegistrationDetails.json"] = new(SyntheticUsers.RegistrationDetailsFile(context)),
            ["applications.json"] = new(SyntheticApplications.ApplicationsFile(context)),
            ["servicePrincipals.json"] = new(SyntheticServicePrincipals.ServicePrincipalsFile(context)),
            ["oauth2PermissionGrants.json"] = new(SyntheticPermissions.GrantsFile(context)),
            ["roleManagement/directory/roleDefinitions.json"] = new(SyntheticRoles.RoleDefinitionsFile(context)),
            ["roleManagement/directory/roleAssignments.json"] = new(SyntheticRoles.RoleAssignmentsFile(context)),
            ["identity/conditionalAccess/policies.json"] = new(SyntheticPolicies.ConditionalAccessPoliciesFile(context)),
            ["policies/authorizationPolicy.json"] = new(SyntheticPolicies.AuthorizationPolicyFile()),
            ["policies/authenticationStrengthPolicies.json"] = new(JsonCollectionBuilder.Of(SyntheticAuthenticationStrengths.All(withCustom: true, context.DaysAgo(200)))),
            ["policies/identitySecurityDefaultsEnforcementPolicy.json"] = new(SyntheticPolicies.SecurityDefaultsFile()),
            ["policies/authenticationMethodsPolicy.json"] = new(SyntheticPolicies.AuthenticationMethodsPolicyFile()),
            ["policies/adminConsentRequestPolicy.json"] = new(SyntheticPolicies.AdminConsentRequestPolicyFile()),
            ["policies/defaultAppManagementPolicy.json"] = new(SyntheticPolicies.DefaultAppManagementPolicyFile()),
            ["auditLogs/signIns.json"] = new(SyntheticSignIns.SignInsFile(context)),
            ["reports/servicePrincipalSignInActivities.json"] = new(SyntheticApplications.SignInActivitiesFile(context)),
            ["roleManagement/directory/roleAssignmentScheduleInstances.json"] = new(SyntheticRoles.RoleAssignmentScheduleInstancesFile(context)),
            ["roleManagement/directory/roleEligibilitySchedules.json"] = new(SyntheticRoles.RoleEligibilitySchedulesFile(context)),

            // issue 19 C
            ["domains.json"] = new(SyntheticTenantSettings.DomainsFile(context)),
            ["groupSettings.json"] = new(SyntheticTenantSettings.GroupSettingsFile()),
            ["policies/roleManagementPolicyAssignments.json"] = new(SyntheticTenantSettings.RoleManagementPolicyAssignmentsFile()),
        };

        foreach (var (path, file) in SyntheticApplications.FederatedCredentialFiles(context)
                     .Concat(SyntheticPermissions.AppRoleAssignedToFiles(context))
                     .Concat(SyntheticRoles.GroupMemberFiles(context)))
        {
            files.Add(path, new SnapshotFile(file));
        }

        var order = PlantedRiskIds.All.Select((id, index) => (id, index)).ToDictionary(pair => pair.id, pair => pair.index, StringComparer.Ordinal);
        var risks = context.PlantedRisks.OrderBy(risk => order[risk.RiskId]).ToArray();
        var cleanApp = context.Apps[SyntheticApplications.CleanSample];
        var samples = new SyntheticCleanSamples(context.Users[SyntheticUsers.CleanSample].Id, cleanApp.Id, cleanApp.ServicePrincipalId);
        return new SyntheticTenant(spec, context.TenantId, files, risks, samples);
    }
}

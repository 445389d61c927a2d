namespace IdentityOps.Emulator.Synthetic;

/// <summary>The kinds of object a <see cref="PlantedRisk"/> points at, named after their Graph resource types.</summary>
public static class PlantedObjectTypes
{
    /// <summary>An app registration in <c>applications.json</c>.</summary>
    public const string Application = "application";

    /// <summary>A service principal in <c>servicePrincipals.json</c> (application permissions and directory roles are held by it).</summary>
    public const string ServicePrincipal = "servicePrincipal";

    /// <summary>A user in <c>users.json</c>.</summary>
    public const string User = "user";

    /// <summary>A delegated grant in <c>oauth2PermissionGrants.json</c>.</summary>
    public const string OAuth2PermissionGrant = "oAuth2PermissionGrant";

    /// <summary>A role definition in <c>roleManagement/directory/roleDefinitions.json</c>.</summary>
    public const string RoleDefinition = "unifiedRoleDefinition";

    /// <summary>The singleton <c>policies/authorizationPolicy.json</c> (its id is <c>authorizationPolicy</c>).</summary>
    public const string AuthorizationPolicy = "authorizationPolicy";

    /// <summary>
    /// A singleton policy under <c>policies/</c> other than the authorization policy
    /// (authenticationMethodsPolicy, adminConsentRequestPolicy, defaultAppManagementPolicy); the object
    /// id is the singleton's <c>id</c>, or its name where Graph gives it none.
    /// </summary>
    public const string Policy = "policy";

    /// <summary>A gap of the tenant as a whole, across several policy objects; the object id is <c>tenant</c>.</summary>
    public const string Tenant = "tenant";
}

namespace IdentityOps.Core.Graph;

/// <summary>
/// The delegated Microsoft Graph scopes IdentityOps asks for: for every request a scan sends, the least privileged
/// scope Microsoft's API reference lists for it, unless a wider read scope another request needs already grants it
/// (then asking for the narrower one too would add a consent line and no restriction). Each reader declares its
/// requests and the scope each needs (<c>CollectionReader.Reads</c>); <c>LeastPrivilegeTests</c> fails when a scope
/// here is needed by none of them, or one of them needs a scope not here. docs/graph-collection.md tabulates both.
/// The one place they are declared; the consent link, token acquisition and the trust page all read this list.
/// </summary>
public static class GraphScopes
{
    public const string Resource = "https://graph.microsoft.com/";

    /// <summary>Short scope names (for display and checks).</summary>
    public static IReadOnlyList<string> Delegated { get; } =
    [
        "User.Read",                          // sign-in, and the organization (its name and Entra ID plans)
        "Application.Read.All",               // applications, service principals, their owners, credentials' metadata, federated credentials and app role assignments
        "Directory.Read.All",                 // oauth2PermissionGrants and applications' delta, whose least scope it is; it also grants users and group members
        "RoleManagement.Read.Directory",      // directory role definitions and assignments, and PIM eligibility schedules and assignment instances
        "Policy.Read.All",                    // conditional access, authorization, security-defaults, authentication-methods, admin-consent-request and default app management policies
        "AuditLog.Read.All",                  // sign-in logs, users' signInActivity, userRegistrationDetails, servicePrincipalSignInActivities
    ];

    /// <summary>Fully qualified scopes as token requests need them.</summary>
    public static IReadOnlyList<string> DelegatedFullyQualified { get; } = Delegated.Select(s => Resource + s).ToArray();

    /// <summary>True when a scope could change anything or act fully as the user.</summary>
    public static bool IsWriteCapable(string scope)
        => scope.Contains("Write", StringComparison.OrdinalIgnoreCase)
           || scope.Contains("AccessAsUser", StringComparison.OrdinalIgnoreCase)
           || scope.Contains(".Manage", StringComparison.OrdinalIgnoreCase)
           || scope.Contains(".Send", StringComparison.OrdinalIgnoreCase);
}

namespace IdentityOps.Core.Graph;

/// <summary>
/// The delegated Microsoft Graph scopes IdentityOps asks for: the least-privileged read scope for
/// each endpoint the collector reads, and nothing else. The one place they are declared; the
/// consent link, token acquisition and the trust page all read this list.
/// </summary>
public static class GraphScopes
{
    public const string Resource = "https://graph.microsoft.com/";

    /// <summary>Short scope names (for display and checks).</summary>
    public static IReadOnlyList<string> Delegated { get; } =
    [
        "User.Read",                          // who signed in
        "Application.Read.All",               // applications, service principals, their credentials' metadata and owners
        "Directory.Read.All",                 // users, app role assignments, oauth2PermissionGrants, organization
        "RoleManagement.Read.Directory",      // directory role definitions and assignments
        "Policy.Read.All",                    // conditional access, authorization, security-defaults, authentication-methods, admin-consent-request and default app management policies
        "AuditLog.Read.All",                  // sign-in logs, users' signInActivity, userRegistrationDetails
        "UserAuthenticationMethod.Read.All",  // authentication methods registration details
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

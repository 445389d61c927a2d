namespace IdentityOps.Emulator.Synthetic;

// The planning model: what the generator decides before it writes any JSON. Cross-references
// (owners, principals, sign-ins) point at these objects, never at JSON nodes.

internal sealed record SyntheticUser
{
    public required int Index { get; init; }
    public required Guid Id { get; init; }
    public required string DisplayName { get; init; }
    public required string UserPrincipalName { get; init; }
    public bool IsGuest { get; init; }
    public bool AccountEnabled { get; init; } = true;

    /// <summary>True for accounts synchronised from on-premises; Graph returns null (not false) for cloud-only accounts.</summary>
    public bool? OnPremisesSyncEnabled { get; init; }

    public required DateTimeOffset CreatedDateTime { get; init; }
    public DateTimeOffset? LastSignIn { get; init; }
    public DateTimeOffset? LastNonInteractiveSignIn { get; init; }

    /// <summary>
    /// A failed interactive sign-in attempt after the last successful one (a password spray), or null. Graph's
    /// <c>lastSignInDateTime</c> records attempts, successful or not, so it shows this; the sign-in log does not.
    /// </summary>
    public DateTimeOffset? LastFailedSignIn { get; init; }

    /// <summary>The last successful sign-in, interactive or not (Graph's <c>lastSuccessfulSignInDateTime</c>).</summary>
    public DateTimeOffset? LastSuccessfulSignIn => Later(LastSignIn, LastNonInteractiveSignIn);

    /// <summary>The last interactive attempt, successful or not (Graph's <c>lastSignInDateTime</c>).</summary>
    public DateTimeOffset? LastInteractiveAttempt => Later(LastSignIn, LastFailedSignIn);

    /// <summary>When true the user's <c>signInActivity</c> is JSON null instead of an object of nulls.</summary>
    public bool SignInActivityNull { get; init; }

    public bool MfaRegistered { get; init; } = true;
    public IReadOnlyList<string> MethodsRegistered { get; init; } = [];
    public string DefaultMfaMethod { get; init; } = "none";

    /// <summary>The legacy protocol this user signs in with (planted), or null.</summary>
    public string? LegacyClientApp { get; init; }

    /// <summary>Set when the user holds a directory role.</summary>
    public bool IsAdmin { get; set; }

    // issue 19 E2: a guest's invitation state. Guests accept a day after they are invited unless a plant says otherwise.
    public string ExternalUserState { get; init; } = "Accepted";

    public DateTimeOffset? ExternalUserStateChangedAt { get; init; }

    public string UserType => IsGuest ? "Guest" : "Member";

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is { } x && b is { } y ? (x > y ? x : y) : a ?? b;

    public bool IsCleanCandidate(DateTimeOffset asOf)
        => !IsGuest && AccountEnabled && OnPremisesSyncEnabled is null && MfaRegistered
           && LastSignIn is { } last && last >= asOf.AddDays(-14);
}

internal enum AppKind
{
    Web,
    Spa,
    Daemon,
    Native,
    Api,
}

internal sealed record SyntheticCredential(Guid KeyId, string DisplayName, DateTimeOffset Start, DateTimeOffset End, int Serial)
{
    /// <summary>A certificate's <c>usage</c>: <c>Verify</c> (a public key: client or uploaded certificate) or <c>Sign</c> (a SAML signing key).</summary>
    public string Usage { get; init; } = "Verify";

    /// <summary>A certificate's <c>type</c>: <c>AsymmetricX509Cert</c>, or <c>X509CertAndPassword</c> for a SAML signing key.</summary>
    public string Type { get; init; } = "AsymmetricX509Cert";

    /// <summary>
    /// The serial whose canary is the <c>customKeyIdentifier</c> this credential shares with the rest of a SAML signing
    /// set; null: a certificate's own serial, and none for a password.
    /// </summary>
    public int? SharedIdentifierSerial { get; init; }
}

internal sealed record SyntheticFederatedCredential(Guid Id, string Name, string Issuer, string Subject, string Description);

internal sealed record SyntheticAppRole(Guid Id, string Value, string DisplayName, string Description);

internal sealed record SyntheticScope(Guid Id, string Value, string Type, string Description);

internal sealed class SyntheticApp
{
    public required int Index { get; init; }
    public required Guid Id { get; init; }
    public required Guid AppId { get; init; }
    public required Guid ServicePrincipalId { get; init; }
    public required string DisplayName { get; init; }
    public required string Slug { get; init; }
    public required AppKind Kind { get; init; }
    public required DateTimeOffset CreatedDateTime { get; init; }
    public string SignInAudience { get; set; } = "AzureADMyOrg";
    public bool VerifiedPublisher { get; set; }
    public List<SyntheticUser> Owners { get; } = [];
    public List<SyntheticCredential> Secrets { get; } = [];
    public List<SyntheticCredential> Certificates { get; } = [];
    public List<string> WebRedirectUris { get; } = [];
    public List<string> SpaRedirectUris { get; } = [];
    public List<string> PublicClientRedirectUris { get; } = [];
    public bool ImplicitAccessTokenIssuance { get; set; }
    public bool ImplicitIdTokenIssuance { get; set; }

    /// <summary>Graph application permissions, requested and granted (appRoleAssignedTo on the Microsoft Graph service principal).</summary>
    public List<GraphPermission> GraphApplicationPermissions { get; } = [];

    /// <summary>Graph delegated permissions requested in requiredResourceAccess.</summary>
    public List<GraphPermission> GraphDelegatedPermissions { get; } = [];

    /// <summary>The tenant API this app calls with an application permission (granted), and which of its roles.</summary>
    public SyntheticApp? CallsApi { get; set; }

    public SyntheticAppRole? CallsApiRole { get; set; }

    /// <summary>Whether an admin granted the delegated permissions for all users (an AllPrincipals grant).</summary>
    public bool AdminConsented { get; set; }

    public List<SyntheticFederatedCredential> FederatedCredentials { get; } = [];

    /// <summary>Credentials added to the app's service principal rather than to the app registration.</summary>
    public List<SyntheticCredential> ServicePrincipalSecrets { get; } = [];

    /// <summary>Certificates on the app's service principal (a SAML signing set's keys).</summary>
    public List<SyntheticCredential> ServicePrincipalCertificates { get; } = [];

    /// <summary>False for the planted unused apps: they never appear in the sign-in log.</summary>
    public bool HasSignIns { get; set; } = true;

    /// <summary>
    /// Days before AsOf of the app's last sign-in in the sign-in activity report; null: the report has
    /// no entry for it. Every app with sign-ins signed in within the last 20 days.
    /// </summary>
    public double? LastSignInDaysAgo { get; set; }

    /// <summary>App roles the app exposes (APIs only).</summary>
    public List<SyntheticAppRole> ExposedAppRoles { get; } = [];

    public List<SyntheticScope> ExposedScopes { get; } = [];
}

internal sealed class SyntheticServicePrincipal
{
    public required Guid Id { get; init; }
    public required Guid AppId { get; init; }
    public required string DisplayName { get; init; }
    public required string ServicePrincipalType { get; init; }
    public Guid? AppOwnerOrganizationId { get; init; }
    public string SignInAudience { get; init; } = "AzureADMyOrg";
    public IReadOnlyList<string> Tags { get; init; } = [];
    public IReadOnlyList<string> AlternativeNames { get; init; } = [];
    public IReadOnlyList<string> ServicePrincipalNames { get; init; } = [];
    public string? VerifiedPublisherName { get; init; }
    public SyntheticApp? App { get; init; }
    public bool IsFirstParty { get; init; }

    // issue 19 C: "Assignment required?"; the default (false) is Graph's, SyntheticAssignments sets it.
    public bool AppRoleAssignmentRequired { get; set; }
    public List<SyntheticCredential> Secrets { get; } = [];
    public List<SyntheticCredential> Certificates { get; } = [];
    public List<SyntheticAppRole> AppRoles { get; } = [];
    public List<SyntheticScope> Scopes { get; } = [];

    /// <summary>Owners of the enterprise application (the service principal itself), apart from its app registration's.</summary>
    public List<SyntheticUser> Owners { get; } = [];
}

internal sealed record SyntheticAppRoleAssignment(string Id, SyntheticAppRole Role, SyntheticServicePrincipal Principal, SyntheticServicePrincipal Resource, DateTimeOffset CreatedDateTime);

internal sealed record SyntheticGrant(string Id, SyntheticServicePrincipal Client, SyntheticServicePrincipal Resource, SyntheticUser? Principal, string Scope);

/// <summary>A role-assignable group; <see cref="Members"/> are its (transitive) members.</summary>
internal sealed record SyntheticGroup(Guid Id, string DisplayName)
{
    public List<SyntheticUser> Members { get; } = [];
}

/// <summary>A directory role assignment; exactly one of the three principals is set.</summary>
internal sealed record SyntheticRoleAssignment(string Id, string RoleDefinitionId, SyntheticUser? User, SyntheticServicePrincipal? ServicePrincipal, SyntheticGroup? Group)
{
    /// <summary>How PIM shows it: <c>Assigned</c> (standing) or <c>Activated</c> from an eligibility.</summary>
    public string AssignmentType { get; init; } = "Assigned";

    public DateTimeOffset Start { get; init; }

    /// <summary>Null: the assignment never ends.</summary>
    public DateTimeOffset? End { get; init; }
}

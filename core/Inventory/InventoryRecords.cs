using IdentityOps.Core.Persistence;
using IdentityOps.Core.Tenancy;

namespace IdentityOps.Core.Inventory;

// The metadata a scan keeps, one row per object per scan. Only what the rules need is stored:
// no secret text, hint, key bytes, custom key identifier, IP address, user agent, device or
// location ever reaches these types (the schema tests refuse such columns by name and type).

/// <summary>An app registration (Graph <c>application</c>).</summary>
public sealed class ApplicationRecord : ITenantOwned
{
    public required Guid TenantId { get; init; }
    public required Guid ScanId { get; init; }
    public required Guid ObjectId { get; init; }
    public required Guid AppId { get; init; }
    public required string DisplayName { get; init; }
    public string? SignInAudience { get; init; }
    public string? PublisherDomain { get; init; }
    public string? VerifiedPublisherName { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public bool ImplicitAccessTokenIssuance { get; init; }
    public bool ImplicitIdTokenIssuance { get; init; }
    public string[] WebRedirectUris { get; init; } = [];
    public string[] SpaRedirectUris { get; init; } = [];
    public string[] PublicClientRedirectUris { get; init; } = [];

    /// <summary>Requested permissions (<c>requiredResourceAccess</c>) as JSON: resource app ids and permission ids only.</summary>
    public string RequiredResourceAccess { get; init; } = "[]";
}

/// <summary>An enterprise application or managed identity (Graph <c>servicePrincipal</c>).</summary>
public sealed class ServicePrincipalRecord : ITenantOwned
{
    public required Guid TenantId { get; init; }
    public required Guid ScanId { get; init; }
    public required Guid ObjectId { get; init; }
    public required Guid AppId { get; init; }
    public required string DisplayName { get; init; }
    public string? ServicePrincipalType { get; init; }
    public Guid? AppOwnerOrganizationId { get; init; }
    public bool AccountEnabled { get; init; }
    public string? SignInAudience { get; init; }
    public string? VerifiedPublisherName { get; init; }
    public string[] Tags { get; init; } = [];

    /// <summary>
    /// Graph's <c>appRoleAssignmentRequired</c> (the portal's "Assignment required?"): true when only users and groups
    /// assigned to the app may sign in to it. Null when unknown: rows from scans made before it was collected.
    /// </summary>
    public bool? AppRoleAssignmentRequired { get; init; }
}

/// <summary>
/// Metadata of a password, certificate or federated credential: its id, kind and validity window.
/// The credential's value, hint and key material are never read past the Graph mapping code.
/// </summary>
public sealed class CredentialRecord : ITenantOwned
{
    public required Guid TenantId { get; init; }
    public required Guid ScanId { get; init; }
    public required Guid OwnerObjectId { get; init; }
    public required Guid CredentialId { get; init; }
    public required CredentialOwnerKind OwnerKind { get; init; }
    public required CredentialKind Kind { get; init; }
    public string? DisplayName { get; init; }
    public DateTimeOffset? StartsAt { get; init; }
    public DateTimeOffset? EndsAt { get; init; }

    /// <summary>For federated credentials: the trusted issuer and subject (public identifiers, not secrets).</summary>
    public string? FederatedIssuer { get; init; }

    public string? FederatedSubject { get; init; }

    /// <summary>
    /// For certificates: Graph's <c>keyCredential.usage</c> as read (<c>Verify</c>: a public key Entra checks the
    /// holder's signature with — a client certificate, or an on-premises auth certificate uploaded for Exchange,
    /// SharePoint or Skype hybrid; <c>Sign</c>: a private key Entra signs tokens with — a SAML signing certificate).
    /// Null for passwords and federated credentials, or when Graph gave none.
    /// </summary>
    public string? Usage { get; init; }

    /// <summary>
    /// What the Graph mapping code recognised this credential as, from relations it reads but never stores
    /// (<c>customKeyIdentifier</c>, shared <c>keyId</c>). The default is <see cref="CredentialPurpose.Unrecognised"/>.
    /// </summary>
    public CredentialPurpose Purpose { get; init; }
}

public enum CredentialOwnerKind
{
    Application,
    ServicePrincipal,
}

public enum CredentialKind
{
    Password,
    Certificate,
    Federated,
}

/// <summary>A credential's role in a set Entra itself creates, recognised at collection time.</summary>
public enum CredentialPurpose
{
    /// <summary>Not part of a set the collector recognises: judged on its own.</summary>
    Unrecognised,

    /// <summary>
    /// One of the three credentials a SAML token-signing certificate puts on a service principal (Graph's
    /// <c>addTokenSigningCertificate</c>, the portal's "SAML signing certificate"): the private key (usage
    /// <c>Sign</c>), its public key (usage <c>Verify</c>) and the password that opens the private key, which shares
    /// the private key's <c>keyId</c>; all three share one <c>customKeyIdentifier</c>. Entra generates that password and
    /// never returns it, so it is not a secret anyone in the tenant holds.
    /// </summary>
    SamlTokenSigning,
}

/// <summary>An owner of an application or service principal.</summary>
public sealed class OwnerRecord : ITenantOwned
{
    public required Guid TenantId { get; init; }
    public required Guid ScanId { get; init; }
    public required Guid OwnedObjectId { get; init; }

    /// <summary>
    /// What <see cref="OwnedObjectId"/> is. Two collections write owners (app registrations' and service principals'),
    /// each clearing and publishing only its own rows; rows stored before the column existed are applications'.
    /// </summary>
    public OwnedObjectKind OwnedObjectKind { get; init; } = OwnedObjectKind.Application;

    public required Guid OwnerObjectId { get; init; }
    public required string OwnerType { get; init; }
    public string? OwnerDisplayName { get; init; }
}

public enum OwnedObjectKind
{
    Application,
    ServicePrincipal,
}

/// <summary>A delegated permission grant (Graph <c>oAuth2PermissionGrant</c>).</summary>
public sealed class DelegatedGrantRecord : ITenantOwned
{
    public required Guid TenantId { get; init; }
    public required Guid ScanId { get; init; }
    public required string GrantId { get; init; }
    public required Guid ClientId { get; init; }
    public required Guid ResourceId { get; init; }
    public required string ConsentType { get; init; }
    public Guid? PrincipalId { get; init; }
    public string[] Scopes { get; init; } = [];
}

/// <summary>An application permission (app role) granted to a principal on a resource service principal.</summary>
public sealed class AppRoleAssignmentRecord : ITenantOwned
{
    public required Guid TenantId { get; init; }
    public required Guid ScanId { get; init; }
    public required string AssignmentId { get; init; }
    public required Guid AppRoleId { get; init; }
    public required Guid PrincipalId { get; init; }
    public required string PrincipalType { get; init; }
    public string? PrincipalDisplayName { get; init; }
    public required Guid ResourceId { get; init; }
    public string? ResourceDisplayName { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
}

/// <summary>A directory role definition (built-in or custom).</summary>
public sealed class RoleDefinitionRecord : ITenantOwned
{
    public required Guid TenantId { get; init; }
    public required Guid ScanId { get; init; }
    public required string RoleDefinitionId { get; init; }
    public required string DisplayName { get; init; }
    public bool IsBuiltIn { get; init; }

    /// <summary>Whether the role is privileged; meaningful only when <see cref="PrivilegeSource"/> is not <see cref="RolePrivilegeSource.Unknown"/>.</summary>
    public bool IsPrivileged { get; init; }

    /// <summary>What said whether the role is privileged. The default is <see cref="RolePrivilegeSource.Unknown"/>.</summary>
    public RolePrivilegeSource PrivilegeSource { get; init; }

    public string? TemplateId { get; init; }
}

/// <summary>Where a role definition's privilege came from, strongest first.</summary>
public enum RolePrivilegeSource
{
    /// <summary>No source said: Graph gave no flag, the role is not a listed built-in, and its actions were not known.</summary>
    Unknown,

    /// <summary>Graph's own <c>isPrivileged</c> (beta <c>unifiedRoleDefinition</c>).</summary>
    GraphFlag,

    /// <summary>Microsoft's published built-in role list, by template id (<c>Inventory/Reference/entra-built-in-roles.tsv</c>).</summary>
    PublishedList,

    /// <summary>A custom role judged by its <c>rolePermissions</c> against Microsoft's privileged actions (<c>entra-privileged-permissions.tsv</c>).</summary>
    PrivilegedPermissions,
}

/// <summary>A directory role assignment (active or eligible) with its principal.</summary>
public sealed class RoleAssignmentRecord : ITenantOwned
{
    public required Guid TenantId { get; init; }
    public required Guid ScanId { get; init; }
    public required string AssignmentId { get; init; }
    public required string RoleDefinitionId { get; init; }
    public required Guid PrincipalId { get; init; }
    public string? PrincipalType { get; init; }
    public string DirectoryScopeId { get; init; } = "/";
    public bool IsEligible { get; init; }
}

/// <summary>A user: type, state and last sign-in times, not their profile.</summary>
/// <remarks>
/// <see cref="LastSignInAt"/> and <see cref="LastNonInteractiveSignInAt"/> are the last <em>attempts</em>, successful
/// or not (Graph's <c>signInActivity</c>); only <see cref="LastSuccessfulSignInAt"/> says the account was used.
/// </remarks>
public sealed class UserRecord : ITenantOwned
{
    public required Guid TenantId { get; init; }
    public required Guid ScanId { get; init; }
    public required Guid ObjectId { get; init; }
    public required string DisplayName { get; init; }
    public string? UserPrincipalName { get; init; }
    public string? UserType { get; init; }
    public bool AccountEnabled { get; init; }
    public bool OnPremisesSyncEnabled { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? LastSignInAt { get; init; }
    public DateTimeOffset? LastNonInteractiveSignInAt { get; init; }

    /// <summary>
    /// The last successful sign-in, interactive or not (<c>signInActivity.lastSuccessfulSignInDateTime</c>, v1.0 and
    /// beta). Graph records it since 1 December 2023 and did not backfill it: null means none since then.
    /// </summary>
    public DateTimeOffset? LastSuccessfulSignInAt { get; init; }

    /// <summary>
    /// For an invited (B2B) account, Graph's <c>externalUserState</c>: <c>PendingAcceptance</c> until the invitation is
    /// redeemed, then <c>Accepted</c>; null for accounts that were never invited.
    /// </summary>
    public string? ExternalUserState { get; init; }

    /// <summary>When <see cref="ExternalUserState"/> last changed (<c>externalUserStateChangeDateTime</c>): for a pending invitation, when it was sent.</summary>
    public DateTimeOffset? ExternalUserStateChangedAt { get; init; }
}

/// <summary>
/// Sign-ins of one user to one app on one day, aggregated during the scan: the sign-in events
/// themselves (with their IPs, user agents and locations) are never stored.
/// </summary>
public sealed class SignInDailySummary : ITenantOwned
{
    public required Guid TenantId { get; init; }
    public required Guid ScanId { get; init; }
    public required Guid UserId { get; init; }
    public required Guid AppId { get; init; }
    public required DateOnly Day { get; init; }
    public required string ClientAppUsed { get; init; }
    public int SignIns { get; init; }
    public int Failures { get; init; }
    public int MfaSatisfied { get; init; }

    /// <summary>
    /// Successful sign-ins whose <c>conditionalAccessStatus</c> was <c>notApplied</c> (no policy applied to them);
    /// null when the collection that wrote the row did not read the field (the legacy-protocol read).
    /// </summary>
    public int? ConditionalAccessNotApplied { get; init; }

    public bool IsLegacyAuthentication { get; init; }
    public DateTimeOffset? LastSeenAt { get; init; }
}

/// <summary>A user's authentication-method registration state (Graph <c>userRegistrationDetails</c>).</summary>
public sealed class MfaRegistrationRecord : ITenantOwned
{
    public required Guid TenantId { get; init; }
    public required Guid ScanId { get; init; }
    public required Guid UserId { get; init; }
    public bool IsAdmin { get; init; }
    public bool IsMfaRegistered { get; init; }
    public bool IsMfaCapable { get; init; }
    public string[] MethodsRegistered { get; init; } = [];
    public string? DefaultMethod { get; init; }
}

/// <summary>
/// A tenant-wide policy (Conditional Access, authorization policy, security defaults): the fields
/// the rules read, as JSON chosen field by field by the collector.
/// </summary>
public sealed class TenantPolicyRecord : ITenantOwned
{
    public required Guid TenantId { get; init; }
    public required Guid ScanId { get; init; }
    public required string Kind { get; init; }
    public required string PolicyId { get; init; }
    public string? DisplayName { get; init; }
    public string? State { get; init; }
    public string Settings { get; init; } = "{}";
}

/// <summary>
/// When an application last signed in, as client or resource, delegated or app-only (Graph beta
/// <c>servicePrincipalSignInActivity</c>, one per app id). Only the instant is kept, not the request ids.
/// </summary>
public sealed class AppSignInActivityRecord : ITenantOwned
{
    public required Guid TenantId { get; init; }
    public required Guid ScanId { get; init; }
    public required Guid AppId { get; init; }

    /// <summary>The latest of every kind of sign-in Graph reports for the app (its <c>lastSignInActivity</c>).</summary>
    public DateTimeOffset? LastSignInAt { get; init; }
}

/// <summary>
/// A federated identity credential of an app registration: whose tokens the app trusts (issuer,
/// subject, audiences). These are public identifiers; a federated credential has no secret value.
/// </summary>
public sealed class FederatedCredentialRecord : ITenantOwned
{
    public required Guid TenantId { get; init; }
    public required Guid ScanId { get; init; }
    public required Guid ApplicationObjectId { get; init; }
    public required string CredentialId { get; init; }
    public string? Name { get; init; }
    public required string Issuer { get; init; }
    public required string Subject { get; init; }
    public string[] Audiences { get; init; } = [];
}

/// <summary>A member (direct or nested) of a group that holds a privileged directory role.</summary>
public sealed class GroupMemberRecord : ITenantOwned
{
    public required Guid TenantId { get; init; }
    public required Guid ScanId { get; init; }
    public required Guid GroupId { get; init; }
    public required Guid MemberId { get; init; }
    public required string MemberType { get; init; }

    /// <summary>The group's name, as the role assignment's principal gave it, so evidence can say which group a privilege comes through.</summary>
    public string? GroupDisplayName { get; init; }
}

/// <summary>
/// A Privileged Identity Management schedule of a directory role: an eligible schedule, or an active
/// assignment instance (<c>Assigned</c> directly, or <c>Activated</c> from an eligibility), with its window.
/// </summary>
public sealed class RoleScheduleRecord : ITenantOwned
{
    public const string Eligible = "eligible";
    public const string Active = "active";

    public required Guid TenantId { get; init; }
    public required Guid ScanId { get; init; }
    public required string ScheduleKind { get; init; }
    public required string ScheduleId { get; init; }
    public required string RoleDefinitionId { get; init; }
    public required Guid PrincipalId { get; init; }
    public string DirectoryScopeId { get; init; } = "/";

    /// <summary>For active instances: <c>Assigned</c> or <c>Activated</c>; null for eligible schedules.</summary>
    public string? AssignmentType { get; init; }

    /// <summary><c>Direct</c>, <c>Group</c> or <c>Inherited</c>.</summary>
    public string? MemberType { get; init; }

    public DateTimeOffset? StartsAt { get; init; }

    /// <summary>Null: no end (permanent).</summary>
    public DateTimeOffset? EndsAt { get; init; }
}

using System.Globalization;
using System.Text.Json;
using IdentityOps.Core.Inventory;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Abstractions.Store;

namespace IdentityOps.Core.Graph.Collection;

/// <summary>
/// SDK objects to our records. This is where metadata is separated from everything else: secret
/// text, hints, key bytes, IP addresses, user agents, devices and locations are never read here, so
/// they can go no further; custom key identifiers are compared (to recognise a SAML signing set) and
/// never copied into a record.
/// </summary>
internal static class GraphMapping
{
    public static Guid? ParseId(string? id) => Guid.TryParse(id, out var guid) ? guid : null;

    public static string Name(string? displayName) => displayName ?? string.Empty;

    public static ApplicationRecord ToRecord(Application app, Guid tenantId, Guid scanId, Guid objectId, Guid appId) => new()
    {
        TenantId = tenantId,
        ScanId = scanId,
        ObjectId = objectId,
        AppId = appId,
        DisplayName = Name(app.DisplayName),
        SignInAudience = app.SignInAudience,
        PublisherDomain = app.PublisherDomain,
        VerifiedPublisherName = app.VerifiedPublisher?.DisplayName,
        CreatedAt = app.CreatedDateTime,
        ImplicitAccessTokenIssuance = app.Web?.ImplicitGrantSettings?.EnableAccessTokenIssuance ?? false,
        ImplicitIdTokenIssuance = app.Web?.ImplicitGrantSettings?.EnableIdTokenIssuance ?? false,
        WebRedirectUris = Strings(app.Web?.RedirectUris),
        SpaRedirectUris = Strings(app.Spa?.RedirectUris),
        PublicClientRedirectUris = Strings(app.PublicClient?.RedirectUris),
        RequiredResourceAccess = JsonSerializer.Serialize(
            (app.RequiredResourceAccess ?? []).Select(r => new
            {
                resourceAppId = r.ResourceAppId,
                access = (r.ResourceAccess ?? []).Select(a => new { id = a.Id, type = a.Type }),
            })),
    };

    public static ServicePrincipalRecord ToRecord(ServicePrincipal sp, Guid tenantId, Guid scanId, Guid objectId, Guid appId) => new()
    {
        TenantId = tenantId,
        ScanId = scanId,
        ObjectId = objectId,
        AppId = appId,
        DisplayName = Name(sp.DisplayName),
        ServicePrincipalType = sp.ServicePrincipalType,
        AppOwnerOrganizationId = sp.AppOwnerOrganizationId,
        AccountEnabled = sp.AccountEnabled ?? false,
        SignInAudience = sp.SignInAudience,
        VerifiedPublisherName = sp.VerifiedPublisher?.DisplayName,
        Tags = Strings(sp.Tags),
        AppRoleAssignmentRequired = sp.AppRoleAssignmentRequired,
    };

    /// <summary>
    /// The properties a Graph item carried. A delta item of an updated object is its id "with *at least* the properties
    /// that have been updated" (concepts/delta-query-overview.md): what it does not carry is unchanged, not empty. The
    /// SDK's backing store holds exactly the properties the JSON had; a property Graph sent as <c>null</c> is not among
    /// them (the serializer skips nulls), so clearing a whole property to null keeps its stored value.
    /// </summary>
    public static IReadOnlySet<string> Carried(IBackedModel item)
        => item.BackingStore.Enumerate().Select(p => p.Key).ToHashSet(StringComparer.Ordinal);

    /// <summary>A stored app registration with the properties a (partial) delta item carries laid over it.</summary>
    public static ApplicationRecord Merge(ApplicationRecord stored, Application app, Guid appId)
    {
        var carried = Carried(app);
        var fresh = ToRecord(app, stored.TenantId, stored.ScanId, stored.ObjectId, appId);
        return new ApplicationRecord
        {
            TenantId = stored.TenantId,
            ScanId = stored.ScanId,
            ObjectId = stored.ObjectId,
            AppId = appId,
            DisplayName = carried.Contains("displayName") ? fresh.DisplayName : stored.DisplayName,
            SignInAudience = carried.Contains("signInAudience") ? fresh.SignInAudience : stored.SignInAudience,
            PublisherDomain = carried.Contains("publisherDomain") ? fresh.PublisherDomain : stored.PublisherDomain,
            VerifiedPublisherName = carried.Contains("verifiedPublisher") ? fresh.VerifiedPublisherName : stored.VerifiedPublisherName,
            CreatedAt = carried.Contains("createdDateTime") ? fresh.CreatedAt : stored.CreatedAt,
            ImplicitAccessTokenIssuance = carried.Contains("web") ? fresh.ImplicitAccessTokenIssuance : stored.ImplicitAccessTokenIssuance,
            ImplicitIdTokenIssuance = carried.Contains("web") ? fresh.ImplicitIdTokenIssuance : stored.ImplicitIdTokenIssuance,
            WebRedirectUris = carried.Contains("web") ? fresh.WebRedirectUris : stored.WebRedirectUris,
            SpaRedirectUris = carried.Contains("spa") ? fresh.SpaRedirectUris : stored.SpaRedirectUris,
            PublicClientRedirectUris = carried.Contains("publicClient") ? fresh.PublicClientRedirectUris : stored.PublicClientRedirectUris,
            RequiredResourceAccess = carried.Contains("requiredResourceAccess") ? fresh.RequiredResourceAccess : stored.RequiredResourceAccess,
        };
    }

    /// <summary>A stored service principal with the properties a (partial) delta item carries laid over it.</summary>
    public static ServicePrincipalRecord Merge(ServicePrincipalRecord stored, ServicePrincipal sp, Guid appId)
    {
        var carried = Carried(sp);
        var fresh = ToRecord(sp, stored.TenantId, stored.ScanId, stored.ObjectId, appId);
        return new ServicePrincipalRecord
        {
            TenantId = stored.TenantId,
            ScanId = stored.ScanId,
            ObjectId = stored.ObjectId,
            AppId = appId,
            DisplayName = carried.Contains("displayName") ? fresh.DisplayName : stored.DisplayName,
            ServicePrincipalType = carried.Contains("servicePrincipalType") ? fresh.ServicePrincipalType : stored.ServicePrincipalType,
            AppOwnerOrganizationId = carried.Contains("appOwnerOrganizationId") ? fresh.AppOwnerOrganizationId : stored.AppOwnerOrganizationId,
            AccountEnabled = carried.Contains("accountEnabled") ? fresh.AccountEnabled : stored.AccountEnabled,
            SignInAudience = carried.Contains("signInAudience") ? fresh.SignInAudience : stored.SignInAudience,
            VerifiedPublisherName = carried.Contains("verifiedPublisher") ? fresh.VerifiedPublisherName : stored.VerifiedPublisherName,
            Tags = carried.Contains("tags") ? fresh.Tags : stored.Tags,
            AppRoleAssignmentRequired = carried.Contains("appRoleAssignmentRequired") ? fresh.AppRoleAssignmentRequired : stored.AppRoleAssignmentRequired,
        };
    }

    /// <summary>
    /// An object's credentials after a (partial) delta item: each kind the item carries (<c>passwordCredentials</c>,
    /// <c>keyCredentials</c>) is replaced by what it lists, each kind it does not carry is kept as stored. When only one
    /// kind is carried, the SAML signing set is linked again across old and new by <c>keyId</c> alone (the stored half
    /// has no <c>customKeyIdentifier</c> to compare): see <see cref="SamlSigningSets.Relink"/>.
    /// </summary>
    public static IEnumerable<CredentialRecord> MergeCredentials(
        IEnumerable<CredentialRecord> stored, IBackedModel item, IEnumerable<PasswordCredential>? passwords, IEnumerable<KeyCredential>? keys, CredentialOwnerKind ownerKind, Guid tenantId, Guid scanId, Guid ownerId)
    {
        var carried = Carried(item);
        var fresh = Credentials(passwords, keys, ownerKind, tenantId, scanId, ownerId).ToList();
        var merged = stored.Where(c => c.Kind is not CredentialKind.Password and not CredentialKind.Certificate)
            .Concat(stored.Where(c => c.Kind == CredentialKind.Password && !carried.Contains("passwordCredentials")))
            .Concat(stored.Where(c => c.Kind == CredentialKind.Certificate && !carried.Contains("keyCredentials")))
            .Concat(fresh.Where(c => c.Kind == CredentialKind.Password && carried.Contains("passwordCredentials")))
            .Concat(fresh.Where(c => c.Kind == CredentialKind.Certificate && carried.Contains("keyCredentials")))
            .DistinctBy(c => (c.Kind, c.CredentialId));
        return carried.Contains("passwordCredentials") == carried.Contains("keyCredentials") ? merged : SamlSigningSets.Relink(merged.ToList());
    }

    /// <summary>
    /// Validity metadata of password and certificate credentials, with a certificate's <c>usage</c> and each one's
    /// <see cref="CredentialPurpose"/>; never <c>secretText</c>, <c>hint</c>, <c>key</c> or <c>customKeyIdentifier</c>
    /// (the last is compared to recognise a SAML signing set, and dropped). A password and a certificate may share a
    /// <c>keyId</c> (a SAML signing set does), so a credential is one per kind and <c>keyId</c>.
    /// </summary>
    public static IEnumerable<CredentialRecord> Credentials(
        IEnumerable<PasswordCredential>? passwords, IEnumerable<KeyCredential>? keys, CredentialOwnerKind ownerKind, Guid tenantId, Guid scanId, Guid ownerId)
    {
        var passwordList = (passwords ?? []).Where(p => p is not null).ToList();
        var keyList = (keys ?? []).Where(k => k is not null).ToList();
        var saml = SamlSigningSets.Find(passwordList, keyList);
        foreach (var password in passwordList)
        {
            if (password.KeyId is { } keyId)
            {
                yield return Credential(tenantId, scanId, ownerId, keyId, ownerKind, CredentialKind.Password, password.DisplayName, password.StartDateTime, password.EndDateTime,
                    purpose: saml.Contains((CredentialKind.Password, keyId)) ? CredentialPurpose.SamlTokenSigning : CredentialPurpose.Unrecognised);
            }
        }

        foreach (var key in keyList)
        {
            if (key.KeyId is { } keyId)
            {
                yield return Credential(tenantId, scanId, ownerId, keyId, ownerKind, CredentialKind.Certificate, key.DisplayName, key.StartDateTime, key.EndDateTime,
                    SamlSigningSets.Usage(key), saml.Contains((CredentialKind.Certificate, keyId)) ? CredentialPurpose.SamlTokenSigning : CredentialPurpose.Unrecognised);
            }
        }
    }

    /// <summary>The owners with a valid object id; each other one is counted on <paramref name="tally"/>, never dropped unsaid.</summary>
    public static IEnumerable<OwnerRecord> Owners(IEnumerable<DirectoryObject>? owners, Guid tenantId, Guid scanId, Guid ownedId, OwnedObjectKind ownedKind, CollectionTally tally)
    {
        foreach (var owner in owners ?? [])
        {
            if (ParseId(owner.Id) is not { } ownerId)
            {
                // Microsoft's application-list-owners example lists an owner whose id is "id-value".
                tally.Skip("an owner without a valid id");
            }
            else
            {
                yield return new OwnerRecord
                {
                    TenantId = tenantId,
                    ScanId = scanId,
                    OwnedObjectId = ownedId,
                    OwnedObjectKind = ownedKind,
                    OwnerObjectId = ownerId,
                    OwnerType = ObjectType(owner),
                    OwnerDisplayName = owner switch
                    {
                        User user => user.DisplayName,
                        ServicePrincipal sp => sp.DisplayName,
                        _ => null,
                    },
                };
            }
        }
    }

    /// <summary><c>#microsoft.graph.user</c> → <c>user</c>.</summary>
    public static string ObjectType(DirectoryObject value)
    {
        var type = value.OdataType ?? value switch
        {
            User => "user",
            ServicePrincipal => "servicePrincipal",
            Group => "group",
            _ => "directoryObject",
        };
        return type.StartsWith("#microsoft.graph.", StringComparison.Ordinal) ? type["#microsoft.graph.".Length..] : type;
    }

    public static UserRecord ToRecord(User user, Guid tenantId, Guid scanId, Guid objectId) => new()
    {
        TenantId = tenantId,
        ScanId = scanId,
        ObjectId = objectId,
        DisplayName = Name(user.DisplayName),
        UserPrincipalName = user.UserPrincipalName,
        UserType = user.UserType,
        AccountEnabled = user.AccountEnabled ?? false,
        OnPremisesSyncEnabled = user.OnPremisesSyncEnabled ?? false,
        CreatedAt = user.CreatedDateTime,
        LastSignInAt = SignInTime(user.SignInActivity?.LastSignInDateTime),
        LastNonInteractiveSignInAt = SignInTime(user.SignInActivity?.LastNonInteractiveSignInDateTime),
        LastSuccessfulSignInAt = SignInTime(user.SignInActivity?.LastSuccessfulSignInDateTime),
        ExternalUserState = user.ExternalUserState,
        ExternalUserStateChangedAt = user.ExternalUserStateChangeDateTime,
    };

    /// <summary>
    /// A sign-in time as Graph reports it, or null for "never": Graph writes a sign-in that never happened as
    /// <c>0001-01-01T00:00:00Z</c> (Microsoft's own user-list example shows it for lastNonInteractiveSignInDateTime),
    /// and stored as a time it would read as a sign-in two thousand years ago rather than none.
    /// </summary>
    public static DateTimeOffset? SignInTime(DateTimeOffset? reported) => reported is { Year: > 1 } time ? time : null;

    public static string Json(object value) => JsonSerializer.Serialize(value);

    public static string Invariant(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static CredentialRecord Credential(
        Guid tenantId, Guid scanId, Guid ownerId, Guid keyId, CredentialOwnerKind ownerKind, CredentialKind kind, string? displayName, DateTimeOffset? start, DateTimeOffset? end,
        string? usage = null, CredentialPurpose purpose = CredentialPurpose.Unrecognised) => new()
    {
        TenantId = tenantId,
        ScanId = scanId,
        OwnerObjectId = ownerId,
        CredentialId = keyId,
        OwnerKind = ownerKind,
        Kind = kind,
        DisplayName = displayName,
        StartsAt = start,
        EndsAt = end,
        Usage = usage,
        Purpose = purpose,
    };

    private static string[] Strings(IEnumerable<string>? values) => values?.Where(v => v is not null).ToArray() ?? [];
}

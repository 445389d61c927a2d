using System.Globalization;
using System.Text.Json.Nodes;
using IdentityOps.Emulator.Synthetic;

namespace IdentityOps.Emulator.Tests.Synthetic;

/// <summary>
/// Re-detects every planted risk from the snapshot files alone, with the plainest reading of each
/// RiskId. If it finds exactly the planted set, the risks are where the generator says and nowhere
/// else (no clean object carries one). Its predicates are also a worked example for the real rules.
/// </summary>
internal static partial class RiskOracle
{
    private const string MicrosoftTenant = "f8cdef31-a31e-4b4a-93e4-5f571e91255a";
    private const string GraphAppId = "00000003-0000-0000-c000-000000000000";
    private const string GlobalAdministrator = "62e90394-69f5-4237-9190-012177145e10";
    private const int GlobalAdministratorMaximum = 4;

    // issue 19 C
    private static readonly string[] MicrosoftTenants = [MicrosoftTenant, "72f988bf-86f1-41af-91ab-2d7cd011db47"];
    private static readonly string[] AssignmentAlerts = ["Notification_Admin_Admin_Assignment", "Notification_Admin_Admin_Eligibility"];
    private static readonly string[] AdminClients =
    [
        "1950a258-227b-4e31-a9cf-717495945fc2", "04b07795-8ddb-461a-bbee-02f9e1bf7b46", "14d82eec-204b-4c2f-b7e8-296a70dab67e",
        "de8bc8b5-d9f9-48b1-a8ad-b748da725064", "1b730954-1685-4b74-9bfd-dac224a7b894", "12128f48-ec9e-42f0-b203-ea49fb6af367",
        "fb78d390-0c51-40cd-8e17-fdbfab77341b", "9bc3ab49-b65d-410a-85ad-de819febfddc", "9cee029c-6210-4654-90bb-17e6e9d36617",
    ];

    private static readonly string[] SharedCloudSuffixes = [".azurewebsites.net", ".cloudapp.net", ".trafficmanager.net", ".blob.core.windows.net", ".herokuapp.com"];
    private static readonly string[] LegacyClients = ["IMAP4", "POP3", "SMTP", "Authenticated SMTP", "Exchange ActiveSync", "Other clients", "Exchange Web Services", "MAPI Over HTTP", "Offline Address Book", "Outlook Anywhere (RPC over HTTP)"];
    private static readonly string[] SensitiveTenantWideScopes = ["Mail.Read", "Mail.ReadWrite", "Mail.Send", "Files.ReadWrite.All"];
    private static readonly string[] HybridServiceAppIds = ["00000002-0000-0ff1-ce00-000000000000", "00000003-0000-0ff1-ce00-000000000000", "00000004-0000-0ff1-ce00-000000000000"];

    public static SortedSet<string> Detect(SyntheticTenant tenant)
    {
        var asOf = tenant.Spec.AsOf;
        var files = tenant.Files;
        var found = new SortedSet<string>(StringComparer.Ordinal);
        void Add(string riskId, string objectId) => found.Add(Key(riskId, objectId));

        var apps = Items(files["applications.json"]);
        var servicePrincipals = Items(files["servicePrincipals.json"]);
        var users = Items(files["users.json"]).ToDictionary(user => Text(user, "id"));
        var registrations = Items(files["reports/authenticationMethods/userRegistrationDetails.json"]).ToDictionary(entry => Text(entry, "id"));
        var definitions = Items(files["roleManagement/directory/roleDefinitions.json"]).ToDictionary(definition => Text(definition, "id"));
        var assignments = Items(files["roleManagement/directory/roleAssignments.json"]);
        var signIns = Items(files["auditLogs/signIns.json"]);
        var grants = Items(files["oauth2PermissionGrants.json"]);
        var graph = servicePrincipals.Single(sp => Text(sp, "appId") == GraphAppId);
        var graphAssignments = Items(files[$"servicePrincipals/{Text(graph, "id")}/appRoleAssignedTo.json"]);
        var tiers = GraphReferenceData.GraphApplicationPermissions.ToDictionary(permission => permission.Id, permission => permission.Tier);

        var adminPrincipals = assignments.Select(assignment => Text(assignment, "principalId")).ToHashSet();
        var privilegedAssignments = assignments.Where(assignment => Flag(definitions[Text(assignment, "roleDefinitionId")], "isPrivileged")).ToArray();
        var privilegedPrincipals = privilegedAssignments.Select(assignment => Text(assignment, "principalId")).ToHashSet();

        // Members of the groups that hold a privileged role hold it too.
        var privilegedMembers = privilegedAssignments
            .Where(assignment => Text(assignment["principal"]!, "@odata.type") == "#microsoft.graph.group")
            .SelectMany(assignment => Items(files[$"groups/{Text(assignment, "principalId")}/transitiveMembers.json"]))
            .Select(member => Text(member, "id"))
            .ToHashSet();
        foreach (var id in privilegedMembers.Where(id => !Flag(registrations[id], "isMfaRegistered")))
        {
            Add(PlantedRiskIds.RolePrivilegedUserNoMfa, id);
        }

        // A privileged role of a user, active with no end and not activated through PIM.
        foreach (var instance in Items(files["roleManagement/directory/roleAssignmentScheduleInstances.json"]))
        {
            if (Text(instance, "assignmentType") == "Assigned" && TextOrNull(instance, "endDateTime") is null
                && Flag(definitions[Text(instance, "roleDefinitionId")], "isPrivileged") && users.ContainsKey(Text(instance, "principalId")))
            {
                Add(PlantedRiskIds.RolePrivilegedPermanent, Text(instance, "principalId"));
            }
        }

        privilegedPrincipals.UnionWith(privilegedMembers);

        // Application permissions on Microsoft Graph with a path to Global Administrator.
        var privilegedServicePrincipals = new HashSet<string>(privilegedPrincipals);
        foreach (var assignment in graphAssignments)
        {
            var principal = Text(assignment, "principalId");
            switch (tiers.GetValueOrDefault(Text(assignment, "appRoleId"), string.Empty))
            {
                case GraphReferenceData.TierDirect:
                    Add(PlantedRiskIds.AppGraphTier0Permission, principal);
                    privilegedServicePrincipals.Add(principal);
                    break;
                case GraphReferenceData.TierIndirect:
                    Add(PlantedRiskIds.AppGraphHighPermission, principal);
                    privilegedServicePrincipals.Add(principal);
                    break;
            }
        }

        foreach (var sp in servicePrincipals)
        {
            var passwords = Array(sp, "passwordCredentials").Select(node => node!.AsObject()).ToArray();
            var keys = Array(sp, "keyCredentials").Select(node => node!.AsObject()).ToArray();

            // A SAML signing certificate (servicePrincipal-addtokensigningcertificate.md): a Sign key, a password with its
            // keyId, both with the same customKeyIdentifier, and Verify keys with that identifier.
            var signing = keys.Where(key => Text(key, "usage") == "Sign"
                && passwords.Any(password => Text(password, "keyId") == Text(key, "keyId") && TextOrNull(password, "customKeyIdentifier") == TextOrNull(key, "customKeyIdentifier"))).ToArray();
            var signingIdentifiers = signing.Select(key => TextOrNull(key, "customKeyIdentifier")).ToHashSet();
            var addedPasswords = passwords.Where(password => !signing.Any(key => Text(key, "keyId") == Text(password, "keyId"))).ToArray();
            var addedKeys = keys.Where(key => !signing.Contains(key) && !(Text(key, "usage") == "Verify" && signingIdentifiers.Contains(TextOrNull(key, "customKeyIdentifier")))).ToArray();

            if (addedPasswords.Length > 0)
            {
                Add(PlantedRiskIds.SpCredentialOnServicePrincipal, Text(sp, "id"));
            }

            if (TextOrNull(sp, "appOwnerOrganizationId") == MicrosoftTenant)
            {
                // Exchange, SharePoint and Skype hybrid upload the on-premises auth certificate (usage Verify).
                var hybridKeys = HybridServiceAppIds.Contains(Text(sp, "appId")) ? addedKeys.Where(key => Text(key, "usage") == "Verify").ToArray() : [];
                if (hybridKeys.Length > 0)
                {
                    Add(PlantedRiskIds.SpHybridCertificateOnFirstParty, Text(sp, "id"));
                }

                if (addedPasswords.Length + addedKeys.Length - hybridKeys.Length > 0)
                {
                    Add(PlantedRiskIds.SpCredentialOnFirstParty, Text(sp, "id"));
                }
            }
        }

        var servicePrincipalByAppId = servicePrincipals.ToDictionary(sp => Text(sp, "appId"));
        DetectAssignments(servicePrincipals, servicePrincipalByAppId, Add); // issue 19 C
        DetectTenantSettings(files, Add);
        // The last sign-in of each app that ever signed in (the beta sign-in activity report); absent: never.
        var lastSignIns = Items(files["reports/servicePrincipalSignInActivities.json"])
            .ToDictionary(activity => Text(activity, "appId"), activity => Time(activity["lastSignInActivity"]!, "lastSignInDateTime"));
        foreach (var app in apps)
        {
            var id = Text(app, "id");
            var secrets = Array(app, "passwordCredentials").Select(node => node!.AsObject()).ToArray();
            foreach (var secret in secrets)
            {
                var start = Time(secret, "startDateTime");
                var end = Time(secret, "endDateTime");
                if (end < asOf)
                {
                    Add(PlantedRiskIds.AppSecretExpired, id);
                }
                else if (end <= asOf.AddDays(7))
                {
                    Add(PlantedRiskIds.AppSecretExpiring7Days, id);
                }
                else if (end <= asOf.AddDays(30))
                {
                    Add(PlantedRiskIds.AppSecretExpiring30Days, id);
                }

                if (end - start > TimeSpan.FromDays(365))
                {
                    Add(PlantedRiskIds.AppSecretLifetimeOver1Year, id);
                }

                if (end.Year >= 2099)
                {
                    Add(PlantedRiskIds.AppSecretNoRealisticEnd, id);
                }
            }

            if (secrets.Count(secret => Time(secret, "startDateTime") <= asOf && Time(secret, "endDateTime") > asOf) >= 3)
            {
                Add(PlantedRiskIds.AppMultipleActiveSecrets, id);
            }

            var redirectUris = RedirectUris(app).ToArray();
            if (secrets.Length > 0 && redirectUris.Length == 0)
            {
                Add(PlantedRiskIds.AppSecretWhereCertificateWouldServe, id);
            }

            // Loopback redirects are a finding on the web and single-page platforms only: a public client (mobile,
            // desktop) receives its response on loopback by design (RFC 8252 7.3; issue 17 item 13).
            var browserUris = Array(app["web"]!, "redirectUris").Concat(Array(app["spa"]!, "redirectUris")).Select(node => node!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
            foreach (var uri in redirectUris)
            {
                var host = HostOf(uri);
                if (uri.Contains('*', StringComparison.Ordinal))
                {
                    Add(PlantedRiskIds.AppRedirectWildcard, id);
                }

                var isLocal = host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.StartsWith("127.", StringComparison.Ordinal) || host == "[::1]";
                if (isLocal && browserUris.Contains(uri))
                {
                    Add(PlantedRiskIds.AppRedirectLocalhost, id);
                }
                else if (uri.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
                {
                    Add(PlantedRiskIds.AppRedirectHttp, id);
                }

                if (SharedCloudSuffixes.Any(suffix => host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)))
                {
                    Add(PlantedRiskIds.AppRedirectSharedCloudDomain, id);
                }
            }

            var implicitGrant = app["web"]!["implicitGrantSettings"]!;
            if (Flag(implicitGrant, "enableAccessTokenIssuance") || Flag(implicitGrant, "enableIdTokenIssuance"))
            {
                Add(PlantedRiskIds.AppImplicitGrant, id);
            }

            var owners = Array(app, "owners").Select(node => node!.AsObject()).ToArray();
            if (owners.Length == 0)
            {
                Add(PlantedRiskIds.AppNoOwners, id);
            }

            if (owners.Any(owner => TextOrNull(owner, "userType") == "Guest"))
            {
                Add(PlantedRiskIds.AppOwnedByGuest, id);
            }

            if (owners.Any(owner => !Flag(owner, "accountEnabled")))
            {
                Add(PlantedRiskIds.AppOwnedByDisabledUser, id);
            }

            var servicePrincipal = servicePrincipalByAppId[Text(app, "appId")];
            var servicePrincipalId = Text(servicePrincipal, "id");
            var isPrivileged = privilegedServicePrincipals.Contains(servicePrincipalId);

            // An owner of the enterprise application (the service principal) can add a secret to it just as an owner of the registration can.
            var servicePrincipalOwners = servicePrincipal["owners"] is JsonArray spOwners ? spOwners.Select(node => node!.AsObject()) : [];
            if (isPrivileged && owners.Concat(servicePrincipalOwners).Any(owner => !adminPrincipals.Contains(Text(owner, "id"))))
            {
                Add(PlantedRiskIds.AppPrivilegedOwnedByNonAdmin, id);
            }

            var requestsHigh = Array(app, "requiredResourceAccess").Select(node => node!)
                .Where(resource => Text(resource, "resourceAppId") == GraphAppId)
                .SelectMany(resource => Array(resource, "resourceAccess").Select(access => access!))
                .Any(access => Text(access, "type") == "Role" && tiers.GetValueOrDefault(Text(access, "id"), string.Empty) is GraphReferenceData.TierDirect or GraphReferenceData.TierIndirect);
            if (Text(app, "signInAudience") != "AzureADMyOrg" && TextOrNull(app["verifiedPublisher"]!, "verifiedPublisherId") is null && requestsHigh)
            {
                Add(PlantedRiskIds.AppMultitenantUnverifiedHighPrivilege, id);
            }

            if (Time(app, "createdDateTime") < asOf.AddDays(-90) && (!lastSignIns.TryGetValue(Text(app, "appId"), out var last) || last < asOf.AddDays(-90)))
            {
                Add(PlantedRiskIds.AppUnused, id);
            }

            if (files.TryGetValue($"applications/{id}/federatedIdentityCredentials.json", out var federated) && Items(federated).Count > 0 && isPrivileged)
            {
                Add(PlantedRiskIds.AppFederatedCredentialPrivileged, id);
            }
        }

        foreach (var grant in grants)
        {
            var scopes = Text(grant, "scope").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (Text(grant, "consentType") == "AllPrincipals" && scopes.Intersect(SensitiveTenantWideScopes).Any())
            {
                Add(PlantedRiskIds.GrantTenantWideSensitiveScope, Text(grant, "id"));
            }

            if (Text(grant, "consentType") == "Principal" && scopes.Contains("offline_access") && scopes.Any(scope => scope.StartsWith("Mail.", StringComparison.Ordinal)))
            {
                Add(PlantedRiskIds.GrantUserConsentOfflineMail, Text(grant, "id"));
            }
        }

        if (assignments.Count(assignment => Text(assignment, "roleDefinitionId") == GlobalAdministrator) > GlobalAdministratorMaximum)
        {
            Add(PlantedRiskIds.RoleGlobalAdminCount, GlobalAdministrator);
        }

        var staleUsers = users.Values.Where(user => IsStale(user, asOf)).Select(user => Text(user, "id")).ToHashSet();
        foreach (var id in staleUsers)
        {
            Add(TextOrNull(users[id], "userType") == "Guest" ? PlantedRiskIds.GuestStale : PlantedRiskIds.UserStale, id);
        }

        // Eligible (PIM) holders of privileged roles, with no active assignment: a guest among them is a guest finding.
        foreach (var schedule in Items(files["roleManagement/directory/roleEligibilitySchedules.json"])
                     .Where(schedule => Flag(definitions[Text(schedule, "roleDefinitionId")], "isPrivileged")))
        {
            if (users.TryGetValue(Text(schedule, "principalId"), out var user) && TextOrNull(user, "userType") == "Guest")
            {
                Add(PlantedRiskIds.RoleGuestPrivileged, Text(user, "id"));
            }
        }

        foreach (var assignment in privilegedAssignments)
        {
            var principal = assignment["principal"]!;
            var id = Text(principal, "id");
            switch (Text(principal, "@odata.type"))
            {
                case "#microsoft.graph.servicePrincipal":
                    Add(PlantedRiskIds.RoleServicePrincipalPrivileged, id);
                    break;
                case "#microsoft.graph.user":
                    if (Text(principal, "userType") == "Guest")
                    {
                        Add(PlantedRiskIds.RoleGuestPrivileged, id);
                    }

                    if (!Flag(registrations[id], "isMfaRegistered"))
                    {
                        Add(PlantedRiskIds.RolePrivilegedUserNoMfa, id);
                    }

                    if (staleUsers.Contains(id))
                    {
                        Add(PlantedRiskIds.RolePrivilegedUserStale, id);
                    }

                    if (principal["onPremisesSyncEnabled"]?.GetValue<bool>() == true)
                    {
                        Add(PlantedRiskIds.RoleSyncedAccountPrivileged, id);
                    }

                    break;
            }
        }

        foreach (var signIn in signIns.Where(signIn => LegacyClients.Contains(Text(signIn, "clientAppUsed")) && signIn["status"]!["errorCode"]!.GetValue<int>() == 0))
        {
            Add(PlantedRiskIds.SignInLegacyAuthentication, Text(signIn, "userId"));
        }

        // A privileged user's successful modern sign-in that needed no second factor.
        foreach (var signIn in signIns.Where(signIn => privilegedPrincipals.Contains(Text(signIn, "userId"))
                     && !LegacyClients.Contains(Text(signIn, "clientAppUsed"))
                     && signIn["status"]!["errorCode"]!.GetValue<int>() == 0
                     && Text(signIn, "authenticationRequirement") == "singleFactorAuthentication"))
        {
            Add(PlantedRiskIds.SignInPrivilegedWithoutMfa, Text(signIn, "userId"));
        }

        // issue 19 E3: a privileged user's successful modern sign-in that no Conditional Access policy applied to.
        foreach (var signIn in signIns.Where(signIn => privilegedPrincipals.Contains(Text(signIn, "userId"))
                     && !LegacyClients.Contains(Text(signIn, "clientAppUsed"))
                     && signIn["status"]!["errorCode"]!.GetValue<int>() == 0
                     && Text(signIn, "conditionalAccessStatus") == "notApplied"))
        {
            Add(PlantedRiskIds.SignInConditionalAccessNotApplied, Text(signIn, "userId"));
        }

        // A privileged role held by a user or group that no enabled MFA policy for all apps covers (all users, or
        // the role listed), with security defaults off: Conditional Access targets built-in roles only.
        var mfaPolicies = Items(files["identity/conditionalAccess/policies.json"])
            .Where(policy => Text(policy, "state") == "enabled"
                && policy["grantControls"] is { } grant && Array(grant, "builtInControls").Any(value => value!.GetValue<string>() == "mfa")
                && Array(policy["conditions"]!["applications"]!, "includeApplications").Any(value => value!.GetValue<string>() == "All"))
            .ToArray();
        bool Covered(string roleId) => mfaPolicies.Any(policy =>
            Array(policy["conditions"]!["users"]!, "includeUsers").Any(value => value!.GetValue<string>() == "All")
            || Array(policy["conditions"]!["users"]!, "includeRoles").Any(value => value!.GetValue<string>() == roleId));
        if (!Flag(files["policies/identitySecurityDefaultsEnforcementPolicy.json"], "isEnabled")
            && privilegedAssignments.Any(assignment => Text(assignment["principal"]!, "@odata.type") != "#microsoft.graph.servicePrincipal" && !Covered(Text(assignment, "roleDefinitionId"))))
        {
            Add(PlantedRiskIds.PolicyAdminMfaNotEnforced, "tenant");
        }

        DetectPolicies(files, Add);
        DetectUserHygiene(files, asOf, users, registrations, definitions, assignments, privilegedMembers, Add); // issue 19 E2
        DetectAppHygiene(tenant, Add); // issue 19 E1
        return found;
    }

    /// <summary>
    /// issue 19 E2: privileged users registered for MFA without a phishing-resistant method, MFA registration coverage of
    /// enabled members under 95 %, telephone-only accounts, CISA's Global Administrator ratio, a synchronised krbtgt_AzureAD.
    /// </summary>
    private static void DetectUserHygiene(
        IReadOnlyDictionary<string, JsonNode> files, DateTimeOffset asOf, Dictionary<string, JsonNode> users, Dictionary<string, JsonNode> registrations,
        Dictionary<string, JsonNode> definitions, List<JsonNode> assignments, HashSet<string> privilegedMembers, Action<string, string> add)
    {
        string[] phishingResistant = ["fido2", "fido2SecurityKey", "passKeyDeviceBound", "passKeyDeviceBoundAuthenticator", "passKeyDeviceBoundWindowsHello", "windowsHelloForBusiness", "macOsSecureEnclaveKey"];
        string[] telephone = ["mobilePhone", "alternateMobilePhone", "officePhone"];
        IEnumerable<string> Methods(string id) => Array(registrations[id], "methodsRegistered").Select(m => m!.GetValue<string>());
        bool Registered(string id) => Flag(registrations[id], "isMfaRegistered");

        var eligible = Items(files["roleManagement/directory/roleEligibilitySchedules.json"]);
        var privilegedUsers = assignments.Concat(eligible)
            .Where(a => Flag(definitions[Text(a, "roleDefinitionId")], "isPrivileged"))
            .Select(a => Text(a, "principalId"))
            .Concat(privilegedMembers)
            .Where(users.ContainsKey)
            .ToHashSet();
        foreach (var id in privilegedUsers.Where(id => Flag(users[id], "accountEnabled") && Registered(id) && !Methods(id).Any(phishingResistant.Contains)))
        {
            add(PlantedRiskIds.RolePrivilegedUserNoPhishingResistantMethod, id);
        }

        var members = users.Values.Where(u => Flag(u, "accountEnabled") && Text(u, "userType") == "Member").Select(u => Text(u, "id")).ToList();
        if (members.Count(Registered) * 100 < 95 * members.Count)
        {
            add(PlantedRiskIds.UserMfaRegistrationCoverage, "tenant");
        }

        if (users.Values.Any(u => Flag(u, "accountEnabled") && Registered(Text(u, "id")) && Methods(Text(u, "id")).Any(telephone.Contains)
                && Methods(Text(u, "id")).All(m => telephone.Contains(m) || m is "email" or "securityQuestion")))
        {
            add(PlantedRiskIds.UserMfaTelephoneOnly, "tenant");
        }

        string[] finerGrained = ["fe930be7-5e62-47db-91af-98c3a49a38b1", "29232cdf-9323-42fd-ade2-1d097af3e4de", "f28a1f50-f6e7-4571-818b-6a12f2af6b6c", "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3",
            "e8611ab8-c189-46e8-94e1-60213ab1f814", "158c047a-c907-4556-b7ef-446551a6b5f7", "8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2"];
        var userHolders = assignments.Concat(eligible).Where(a => users.ContainsKey(Text(a, "principalId"))).ToList();
        var globalAdmins = userHolders.Where(a => Text(a, "roleDefinitionId") == GlobalAdministrator).Select(a => Text(a, "principalId")).ToHashSet();
        var finer = userHolders.Where(a => finerGrained.Contains(Text(a, "roleDefinitionId"))).Select(a => Text(a, "principalId")).Where(id => !globalAdmins.Contains(id)).ToHashSet();
        if (globalAdmins.Count > finer.Count)
        {
            add(PlantedRiskIds.RoleGlobalAdminRatio, "tenant");
        }

        foreach (var user in users.Values.Where(u => u["onPremisesSyncEnabled"]?.GetValue<bool>() == true
                     && (string.Equals(Text(u, "displayName"), "krbtgt_AzureAD", StringComparison.OrdinalIgnoreCase)
                         || string.Equals(Text(u, "userPrincipalName").Split('@')[0], "krbtgt_AzureAD", StringComparison.OrdinalIgnoreCase))))
        {
            add(PlantedRiskIds.UserKrbtgtAzureAdSynced, Text(user, "id"));
        }

        foreach (var user in users.Values.Where(u => Flag(u, "accountEnabled") && TextOrNull(u, "externalUserState") == "PendingAcceptance"
                     && Time(u, "externalUserStateChangeDateTime") < asOf.AddDays(-30)))
        {
            add(PlantedRiskIds.GuestInvitationPending, Text(user, "id"));
        }
    }

    public static string Key(string riskId, string objectId) => $"{riskId} {objectId}";

    // issue 19 C: a verified managed domain whose passwords expire; Group.Unified letting guests own groups; smart lockout
    // beyond 10 attempts or under 60 seconds; Global Administrator activating without approval; a ScubaGear privileged role
    // with an assignment, eligibility or activation alert that names no recipient.
    private static void DetectTenantSettings(IReadOnlyDictionary<string, JsonNode> files, Action<string, string> add)
    {
        foreach (var domain in Items(files["domains.json"]).Where(d => Text(d, "authenticationType") == "Managed" && Flag(d, "isVerified")
            && d["passwordValidityPeriodInDays"]!.GetValue<int>() != int.MaxValue))
        {
            add(PlantedRiskIds.PolicyDomainPasswordExpiry, Text(domain, "id"));
        }

        foreach (var setting in Items(files["groupSettings.json"]))
        {
            var values = Array(setting, "values").ToDictionary(v => Text(v!, "name"), v => Text(v!, "value"));
            if (values.GetValueOrDefault("AllowGuestsToBeGroupOwner")?.Equals("true", StringComparison.OrdinalIgnoreCase) == true)
            {
                add(PlantedRiskIds.PolicyGuestsCanOwnGroups, Text(setting, "id"));
            }

            if ((values.TryGetValue("LockoutThreshold", out var threshold) && int.Parse(threshold, CultureInfo.InvariantCulture) > 10)
                || (values.TryGetValue("LockoutDurationInSeconds", out var duration) && int.Parse(duration, CultureInfo.InvariantCulture) < 60))
            {
                add(PlantedRiskIds.PolicySmartLockoutWeak, Text(setting, "id"));
            }
        }

        foreach (var assignment in Items(files["policies/roleManagementPolicyAssignments.json"]))
        {
            var rules = Array(assignment["policy"]!, "rules").Select(r => r!).ToDictionary(r => Text(r, "id"));
            var role = Text(assignment, "roleDefinitionId");
            if (role == "62e90394-69f5-4237-9190-012177145e10" && !Flag(rules["Approval_EndUser_Assignment"]["setting"]!, "isApprovalRequired"))
            {
                add(PlantedRiskIds.PimGlobalAdminActivationWithoutApproval, role);
            }

            if (Array(rules["Notification_Admin_EndUser_Assignment"], "notificationRecipients").Count == 0)
            {
                add(PlantedRiskIds.PimRoleActivationAlertMissing, role);
            }

            if (AssignmentAlerts.Any(id => Array(rules[id], "notificationRecipients").Count == 0))
            {
                add("pim-role-assignment-alert-missing", role);
            }
        }
    }

    // issue 19 C: an application not published by Microsoft, enabled, that anyone may sign in to; Microsoft's admin clients
    // (Maester MT.1186's nine) missing or open; the third-party storage switch's service principal missing or enabled.
    private static void DetectAssignments(List<JsonNode> servicePrincipals, Dictionary<string, JsonNode> byAppId, Action<string, string> add)
    {
        foreach (var sp in servicePrincipals.Where(sp => !MicrosoftTenants.Contains(TextOrNull(sp, "appOwnerOrganizationId"))
            && Text(sp, "servicePrincipalType") is "Application" or "Legacy" && Flag(sp, "accountEnabled") && !Flag(sp, "appRoleAssignmentRequired")))
        {
            add(PlantedRiskIds.SpAssignmentNotRequired, Text(sp, "id"));
        }

        if (AdminClients.Any(appId => !byAppId.TryGetValue(appId, out var sp) || !Flag(sp, "appRoleAssignmentRequired")))
        {
            add(PlantedRiskIds.SpHighPrivilegeFirstPartyOpen, "tenant");
        }

        if (!byAppId.TryGetValue("c1f33bc0-bdb4-4248-ba9b-096807ddb43e", out var storage) || Flag(storage, "accountEnabled"))
        {
            add(PlantedRiskIds.PolicyThirdPartyStorageAllowed, "tenant");
        }
    }

    private static void DetectPolicies(IReadOnlyDictionary<string, JsonNode> files, Action<string, string> add)
    {
        var securityDefaults = Flag(files["policies/identitySecurityDefaultsEnforcementPolicy.json"], "isEnabled");
        var enabled = Items(files["identity/conditionalAccess/policies.json"]).Where(policy => Text(policy, "state") == "enabled").ToArray();
        bool Grants(JsonNode policy, string control) => policy["grantControls"] is { } grant && Array(grant, "builtInControls").Any(value => value!.GetValue<string>() == control);

        var mfaForAll = enabled.Any(policy => Grants(policy, "mfa") && Array(policy["conditions"]!["users"]!, "includeUsers").Any(value => value!.GetValue<string>() == "All"));
        if (!securityDefaults && !mfaForAll)
        {
            add(PlantedRiskIds.PolicySecurityDefaultsOffNoCaMfa, "tenant");
        }

        var legacyBlocked = enabled.Any(policy => Grants(policy, "block") && Array(policy["conditions"]!, "clientAppTypes").Any(value => value!.GetValue<string>() is "exchangeActiveSync" or "other"));
        if (!securityDefaults && !legacyBlocked)
        {
            add(PlantedRiskIds.PolicyNoLegacyAuthBlock, "tenant");
        }

        DetectSessionAndStrengths(files, enabled, add); // issue 19 A3
        DetectRiskPolicies(enabled, Grants, add);
        BaselineRiskOracle.Detect(files, add); // issue 19 A2

        var deviceCodeBlocked = enabled.Any(policy => Grants(policy, "block")
            && policy["conditions"]!["authenticationFlows"]?["transferMethods"]?.GetValue<string>().Contains("deviceCodeFlow", StringComparison.Ordinal) == true
            && Array(policy["conditions"]!["users"]!, "includeUsers").Any(value => value!.GetValue<string>() == "All"));
        if (!deviceCodeBlocked)
        {
            add(PlantedRiskIds.PolicyDeviceCodeFlowNotBlocked, "tenant");
        }

        var methods = files["policies/authenticationMethodsPolicy.json"];
        if (Array(methods, "authenticationMethodConfigurations").Any(method => Text(method!, "id") is "Sms" or "Voice" or "Email" && Text(method!, "state") == "enabled"))
        {
            add(PlantedRiskIds.PolicyWeakAuthMethodsEnabled, Text(methods, "id"));
        }

        var consentRequests = files["policies/adminConsentRequestPolicy.json"];
        if (!Flag(consentRequests, "isEnabled") || Array(consentRequests, "reviewers").Count == 0)
        {
            add(PlantedRiskIds.PolicyAdminConsentWorkflowOff, Text(consentRequests, "id"));
        }

        var appManagement = files["policies/defaultAppManagementPolicy.json"];
        if (!Flag(appManagement, "isEnabled") || !Array(appManagement["applicationRestrictions"]!, "passwordCredentials").Any(restriction => Text(restriction!, "restrictionType") is "passwordLifetime" or "passwordAddition"))
        {
            add(PlantedRiskIds.PolicyAppCredentialLifetimeUnrestricted, Text(appManagement, "id"));
        }

        var authorization = files["policies/authorizationPolicy.json"];
        var defaults = authorization["defaultUserRolePermissions"]!;
        if (Array(defaults, "permissionGrantPoliciesAssigned").Any(value => value!.GetValue<string>().StartsWith("ManagePermissionGrantsForSelf.", StringComparison.Ordinal)))
        {
            add(PlantedRiskIds.PolicyUsersCanConsent, "authorizationPolicy");
        }

        if (Flag(defaults, "allowedToCreateApps"))
        {
            add(PlantedRiskIds.PolicyUsersCanRegisterApps, "authorizationPolicy");
        }

        if (Text(authorization, "allowInvitesFrom") == "everyone")
        {
            add(PlantedRiskIds.PolicyGuestInvitesEveryone, "authorizationPolicy");
        }

        // issue 19 B: invitations beyond admins and Guest Inviters, guests with member access, and the on/off settings at their faulty values.
        if (Text(authorization, "allowInvitesFrom") is not ("adminsAndGuestInviters" or "none"))
        {
            add(PlantedRiskIds.PolicyGuestInvitesNotLimited, "authorizationPolicy");
        }

        if (Text(authorization, "guestUserRoleId") is not ("10dae51f-b6af-4016-8d66-8c2a99b929b3" or "2af84b1e-32c8-42b7-82bc-daa82404023b"))
        {
            add(PlantedRiskIds.PolicyGuestAccessNotRestricted, "authorizationPolicy");
        }

        foreach (var (node, setting, faulty, riskId) in new (JsonNode Node, string Setting, bool Faulty, string RiskId)[]
        {
            (defaults, "allowedToCreateTenants", true, PlantedRiskIds.PolicyUsersCanCreateTenants),
            (defaults, "allowedToCreateSecurityGroups", true, PlantedRiskIds.PolicyUsersCanCreateSecurityGroups),
            (authorization, "blockMsolPowerShell", false, PlantedRiskIds.PolicyMsolPowerShellNotBlocked),
            (defaults, "allowedToReadBitlockerKeysForOwnedDevice", true, PlantedRiskIds.PolicyUsersCanReadOwnBitLockerKeys),
            (authorization, "allowedToSignUpEmailBasedSubscriptions", true, PlantedRiskIds.PolicyEmailSubscriptionSignUp),
            (authorization, "allowEmailVerifiedUsersToJoinOrganization", true, PlantedRiskIds.PolicyEmailVerifiedUsersCanJoin),
            (authorization, "allowUserConsentForRiskyApps", true, PlantedRiskIds.PolicyUsersCanConsentRiskyApps),
            (defaults, "allowedToReadOtherUsers", false, PlantedRiskIds.PolicyUsersCannotReadOtherUsers),
        })
        {
            if (node[setting]?.GetValue<bool>() == faulty)
            {
                add(riskId, "authorizationPolicy");
            }
        }
    }

    /// <summary>
    /// issue 19 A1: the risk-based policies. A policy acts on one risk only when it sets no condition on the other
    /// (a policy applies when all its conditions are met); one setting both is itself a risk (Maester MT.1049).
    /// </summary>
    private static void DetectRiskPolicies(JsonNode[] enabled, Func<JsonNode, string, bool> grants, Action<string, string> add)
    {
        string[] Levels(JsonNode policy, string name) => [.. Array(policy["conditions"]!, name).Select(value => value!.GetValue<string>())];
        bool ForAll(JsonNode policy) => Array(policy["conditions"]!["users"]!, "includeUsers").Any(value => value!.GetValue<string>() == "All");
        bool OnUserRiskAlone(JsonNode policy, string[] levels) => ForAll(policy) && levels.All(Levels(policy, "userRiskLevels").Contains) && Levels(policy, "signInRiskLevels").Length == 0;
        bool OnSignInRiskAlone(JsonNode policy, string[] levels) => ForAll(policy) && levels.All(Levels(policy, "signInRiskLevels").Contains) && Levels(policy, "userRiskLevels").Length == 0;

        if (!enabled.Any(policy => grants(policy, "block") && OnUserRiskAlone(policy, ["high"])))
        {
            add(PlantedRiskIds.PolicyHighRiskUsersNotBlocked, "tenant");
        }

        if (!enabled.Any(policy => grants(policy, "block") && OnSignInRiskAlone(policy, ["high"])))
        {
            add(PlantedRiskIds.PolicyHighRiskSignInsNotBlocked, "tenant");
        }

        if (!enabled.Any(policy => (grants(policy, "mfa") || grants(policy, "block")) && OnSignInRiskAlone(policy, ["high", "medium"])))
        {
            add(PlantedRiskIds.PolicyRiskySignInsNoMfa, "tenant");
        }

        if (!enabled.Any(policy => (grants(policy, "passwordChange") || grants(policy, "block")) && OnUserRiskAlone(policy, ["high"])))
        {
            add(PlantedRiskIds.PolicyHighRiskUsersNoPasswordChange, "tenant");
        }

        foreach (var policy in enabled.Where(policy => Levels(policy, "userRiskLevels").Length > 0 && Levels(policy, "signInRiskLevels").Length > 0))
        {
            add(PlantedRiskIds.PolicyRiskConditionsCombined, Text(policy, "id"));
        }
    }

    private static bool IsStale(JsonNode user, DateTimeOffset asOf)
    {
        if (!Flag(user, "accountEnabled"))
        {
            return false;
        }

        // The last successful sign-in (attempts can fail); none recorded means none since 1 December 2023, when Graph began recording it.
        var threshold = asOf.AddDays(-90);
        var lastSuccess = user["signInActivity"]?["lastSuccessfulSignInDateTime"]?.GetValue<string>();
        var recordedSince = new DateTimeOffset(2023, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var created = Time(user, "createdDateTime");
        return lastSuccess is null ? (created > recordedSince ? created : recordedSince) < threshold : Parse(lastSuccess) < threshold;
    }

    private static IEnumerable<string> RedirectUris(JsonNode app)
        => Array(app["web"]!, "redirectUris").Concat(Array(app["spa"]!, "redirectUris")).Concat(Array(app["publicClient"]!, "redirectUris"))
            .Select(node => node!.GetValue<string>());

    private static string HostOf(string uri)
    {
        var afterScheme = uri.IndexOf("://", StringComparison.Ordinal) is var index and >= 0 ? uri[(index + 3)..] : uri;
        var end = afterScheme.IndexOfAny(['/', ':', '?']);
        return end >= 0 ? afterScheme[..end] : afterScheme;
    }

    internal static List<JsonNode> Items(JsonNode collection) => collection["value"]!.AsArray().Select(node => node!).ToList();

    internal static JsonArray Array(JsonNode node, string property) => node[property]!.AsArray();

    internal static string Text(JsonNode node, string property) => node[property]!.GetValue<string>();

    internal static string? TextOrNull(JsonNode node, string property) => node[property]?.GetValue<string>();

    internal static bool Flag(JsonNode node, string property) => node[property]!.GetValue<bool>();

    internal static DateTimeOffset Time(JsonNode node, string property) => Parse(Text(node, property));

    internal static DateTimeOffset Parse(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}

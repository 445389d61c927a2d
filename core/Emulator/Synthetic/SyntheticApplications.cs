using System.Text;
using System.Text.Json.Nodes;

namespace IdentityOps.Emulator.Synthetic;

/// <summary>
/// App registrations. Indices below <see cref="FirstNoise"/> carry the planted risks, the hostile
/// names and the tenant's two APIs; the rest are clean web apps, SPAs, daemons and native clients.
/// </summary>
/// <remarks>
/// What "clean" means here: owned by one or two enabled, cloud-only member users; a certificate, or
/// one secret of 180 days that ends more than 90 days after AsOf; https redirect URIs under the
/// tenant's verified domain; no implicit grant; single-tenant (or multi-tenant with a verified
/// publisher); delegated User.Read/openid/profile on Microsoft Graph or an application permission on
/// the tenant's own API; at least one sign-in in the log.
/// </remarks>
internal static class SyntheticApplications
{
    public const int SecretExpired = 0;
    public const int SecretExpiring7Days = 1;
    public const int SecretExpiring30Days = 2;
    public const int SecretLifetimeOver1Year = 3;
    public const int SecretNoRealisticEnd = 4;
    public const int MultipleActiveSecrets = 5;
    public const int SecretOnDaemon = 6;
    public const int CredentialOnServicePrincipal = 7;
    public const int GraphTier0 = 8;
    public const int GraphHighOwnedByNonAdmin = 9;
    public const int TenantWideSensitiveGrant = 10;
    public const int MultitenantUnverified = 11;
    public const int RedirectWildcard = 12;
    public const int RedirectHttp = 13;
    public const int RedirectLocalhost = 14;
    public const int RedirectSharedCloud = 15;
    public const int ImplicitGrant = 16;
    public const int NoOwners = 17;
    public const int OwnedByGuest = 18;
    public const int OwnedByDisabledUser = 19;
    public const int Unused = 20;
    public const int FederatedPrivileged = 21;
    public const int PrivilegedDirectoryRole = 22;
    public const int HostileTemplate = 23;
    public const int HostileScript = 24;
    public const int HostileLongName = 25;
    public const int CleanFederated = 26;
    public const int LineOfBusinessApi = 27;
    public const int RecordsApi = 28;
    public const int CleanMultitenantVerified = 29;
    public const int CleanSample = 30;
    public const int FirstNoise = 31;

    public const string TemplateName = "{{ 7*7 }}";
    public const string ScriptName = "<script>alert(1)</script>";
    public const int LongNameLength = 20_000;

    /// <summary>How long before AsOf the planted unused app last signed in.</summary>
    public const int UnusedLastSignInDaysAgo = 200;

    public const string FederatedIssuerGitHub = "https://token.actions.githubusercontent.com";
    public const string FederatedAudience = "api://AzureADTokenExchange";

    private static readonly string[] Departments =
        ["Finance", "HR", "Sales", "Marketing", "Legal", "IT", "Operations", "Support", "Research", "Logistics", "Procurement", "Facilities"];

    private static readonly string[] Purposes =
        ["Portal", "Reporting", "Dashboard", "Connector", "Intake", "Analytics", "Approvals", "Wiki", "Scheduler", "Archive", "Forms", "Timesheets"];

    private static readonly string[] Jobs = ["Sync Job", "Export Service", "Nightly Import", "Reconciler", "Event Relay", "Data Loader"];

    public static void Plan(SyntheticContext context)
    {
        var random = context.Random("applications");
        for (var index = 0; index < context.Spec.Applications; index++)
        {
            context.Apps.Add(Create(context, random, index));
        }

        ExposeApis(context);
        foreach (var app in context.Apps)
        {
            ConfigureClean(context, random, app);
            app.LastSignInDaysAgo = 1 + (app.Index % 20);
        }

        PlantApplicationRisks(context);
    }

    private static SyntheticApp Create(SyntheticContext context, SyntheticRandom random, int index)
    {
        var kind = index switch
        {
            SecretOnDaemon or GraphTier0 or GraphHighOwnedByNonAdmin or FederatedPrivileged or PrivilegedDirectoryRole or CleanFederated => AppKind.Daemon,
            LineOfBusinessApi or RecordsApi => AppKind.Api,
            HostileScript => AppKind.Spa,
            < FirstNoise => AppKind.Web,
            _ => random.NextDouble() switch
            {
                < 0.55 => AppKind.Web,
                < 0.70 => AppKind.Spa,
                < 0.90 => AppKind.Daemon,
                _ => AppKind.Native,
            },
        };

        var department = random.Pick(Departments);
        var displayName = index switch
        {
            HostileTemplate => TemplateName,
            HostileScript => ScriptName,
            HostileLongName => LongName(),
            LineOfBusinessApi => $"{context.CompanyName} Orders API",
            RecordsApi => $"{context.CompanyName} Records API",
            _ when kind == AppKind.Daemon => $"{department} {random.Pick(Jobs)}",
            _ when kind == AppKind.Native => $"{department} Desktop Client",
            _ => $"{department} {random.Pick(Purposes)}",
        };

        // The story apps are old enough for every planted credential window to fit after their creation.
        var created = index switch
        {
            Unused => SyntheticUsers.TimeAgo(context, random, 400, 420),
            < FirstNoise => SyntheticUsers.TimeAgo(context, random, 400, 1500),
            _ => SyntheticUsers.TimeAgo(context, random, 30, 1500),
        };
        return new SyntheticApp
        {
            Index = index,
            Id = context.Id("application", index),
            AppId = context.Id("appId", index),
            ServicePrincipalId = context.Id("servicePrincipal", index),
            DisplayName = displayName,
            Slug = $"{department.ToLowerInvariant()}-app{SyntheticJson.Int(index)}",
            Kind = kind,
            CreatedDateTime = created,
        };
    }

    private static void ExposeApis(SyntheticContext context)
    {
        foreach (var (index, resource) in new[] { (LineOfBusinessApi, "Orders"), (RecordsApi, "Records") })
        {
            var api = context.Apps[index];
            api.ExposedAppRoles.Add(new SyntheticAppRole(context.Id("apiAppRole", (index * 4L) + 0), $"{resource}.Read.All", $"Read all {resource.ToLowerInvariant()}", $"Allows the app to read all {resource.ToLowerInvariant()} without a signed-in user."));
            api.ExposedAppRoles.Add(new SyntheticAppRole(context.Id("apiAppRole", (index * 4L) + 1), $"{resource}.ReadWrite.All", $"Read and write all {resource.ToLowerInvariant()}", $"Allows the app to read and write all {resource.ToLowerInvariant()} without a signed-in user."));
            api.ExposedScopes.Add(new SyntheticScope(context.Id("apiScope", index), "access_as_user", "User", $"Allows the app to access the {resource} API as the signed-in user."));
        }
    }

    private static void ConfigureClean(SyntheticContext context, SyntheticRandom random, SyntheticApp app)
    {
        var owners = random.Chance(0.3) ? 2 : 1;
        for (var i = 0; i < owners; i++)
        {
            var owner = random.Pick(context.CleanMembers);
            if (!app.Owners.Contains(owner))
            {
                app.Owners.Add(owner);
            }
        }

        var isNoise = app.Index >= FirstNoise;
        switch (app.Kind)
        {
            case AppKind.Web:
                app.WebRedirectUris.Add($"https://{app.Slug}.{context.Domain}/signin-oidc");
                AddDelegatedBasics(app);
                app.AdminConsented = !isNoise || random.Chance(0.8);
                if (isNoise && random.Chance(0.4))
                {
                    app.Secrets.Add(CleanSecret(context, random, app, "web-client-secret"));
                }
                else
                {
                    app.Certificates.Add(CleanCertificate(context, random, app));
                }

                break;
            case AppKind.Spa:
                app.SpaRedirectUris.Add($"https://{app.Slug}.{context.Domain}/");
                AddDelegatedBasics(app);
                app.AdminConsented = !isNoise || random.Chance(0.8);
                break;
            case AppKind.Native:
                app.PublicClientRedirectUris.Add($"ms-appx-web://microsoft.aad.brokerplugin/{SyntheticJson.Id(app.AppId)}");
                AddDelegatedBasics(app);
                app.AdminConsented = random.Chance(0.8);
                break;
            case AppKind.Daemon:
                var api = context.Apps[random.Chance(0.5) ? LineOfBusinessApi : RecordsApi];
                app.CallsApi = api;
                app.CallsApiRole = api.ExposedAppRoles[0];
                if (isNoise && random.Chance(0.05))
                {
                    app.FederatedCredentials.Add(new SyntheticFederatedCredential(
                        context.Id("federatedCredential", app.Index),
                        "aks-workload",
                        $"https://oidc.prod-aks.azure.com/{SyntheticJson.Id(context.Id("aksIssuer", app.Index % 7))}/",
                        $"system:serviceaccount:{app.Slug}:worker",
                        "AKS workload identity for the worker pod."));
                }
                else
                {
                    app.Certificates.Add(CleanCertificate(context, random, app));
                }

                break;
            case AppKind.Api:
                break;
            default:
                throw new InvalidOperationException($"Unknown app kind {app.Kind}.");
        }
    }

    private static void PlantApplicationRisks(SyntheticContext context)
    {
        var apps = context.Apps;
        var globalAdmins = context.Users.Take(SyntheticUsers.GlobalAdminCount).ToArray();
        var graph = GraphReferenceData.ApplicationPermission;

        var expired = apps[SecretExpired];
        ReplaceWithSecret(context, expired, context.DaysAgo(220), context.DaysAgo(40));
        context.Plant(PlantedRiskIds.AppSecretExpired, expired, "passwordCredentials holds one secret whose endDateTime is 40 days before AsOf (180-day lifetime); the app has no other credential.");

        var expiring7 = apps[SecretExpiring7Days];
        ReplaceWithSecret(context, expiring7, context.DaysAgo(175), context.DaysAhead(5));
        context.Plant(PlantedRiskIds.AppSecretExpiring7Days, expiring7, "passwordCredentials holds one secret whose endDateTime is 5 days after AsOf (180-day lifetime).");

        var expiring30 = apps[SecretExpiring30Days];
        ReplaceWithSecret(context, expiring30, context.DaysAgo(160), context.DaysAhead(20));
        context.Plant(PlantedRiskIds.AppSecretExpiring30Days, expiring30, "passwordCredentials holds one secret whose endDateTime is 20 days after AsOf (180-day lifetime).");

        var longLived = apps[SecretLifetimeOver1Year];
        ReplaceWithSecret(context, longLived, context.DaysAgo(30), context.DaysAhead(700));
        context.Plant(PlantedRiskIds.AppSecretLifetimeOver1Year, longLived, "passwordCredentials holds one secret valid for 730 days (startDateTime 30 days before AsOf, endDateTime 700 days after).");

        var endless = apps[SecretNoRealisticEnd];
        ReplaceWithSecret(context, endless, context.DaysAgo(400), new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero));
        context.Plant(PlantedRiskIds.AppSecretNoRealisticEnd, endless, "passwordCredentials holds one secret whose endDateTime is 9999-12-31T23:59:59Z.");
        context.Plant(PlantedRiskIds.AppSecretLifetimeOver1Year, endless, "The secret ending 9999-12-31T23:59:59Z is also valid for far more than a year.");

        var many = apps[MultipleActiveSecrets];
        many.Certificates.Clear();
        many.Secrets.Clear();
        foreach (var daysAgo in new[] { 10, 40, 70 })
        {
            many.Secrets.Add(Secret(context, $"rotation-{SyntheticJson.Int(daysAgo)}", context.DaysAgo(daysAgo), context.DaysAgo(daysAgo).AddDays(180)));
        }

        context.Plant(PlantedRiskIds.AppMultipleActiveSecrets, many, "passwordCredentials holds three secrets valid at AsOf (each 180 days, ending 110-170 days after AsOf).");

        var daemon = apps[SecretOnDaemon];
        ReplaceWithSecret(context, daemon, context.DaysAgo(20), context.DaysAgo(20).AddDays(180));
        context.Plant(PlantedRiskIds.AppSecretWhereCertificateWouldServe, daemon,
            "A daemon (no redirect URIs, only an application permission on the tenant's Orders/Records API) that authenticates with a 180-day secret instead of a certificate; clean daemons use certificates or federated credentials.");

        var spCredential = apps[CredentialOnServicePrincipal];
        spCredential.ServicePrincipalSecrets.Add(Secret(context, "sp-secret", context.DaysAgo(15), context.DaysAgo(15).AddDays(180)));

        var tier0 = apps[GraphTier0];
        tier0.CallsApi = null;
        tier0.CallsApiRole = null;
        tier0.GraphApplicationPermissions.Add(graph("RoleManagement.ReadWrite.Directory"));
        SetOwners(tier0, globalAdmins[0]);

        var highNonAdmin = apps[GraphHighOwnedByNonAdmin];
        highNonAdmin.CallsApi = null;
        highNonAdmin.CallsApiRole = null;
        highNonAdmin.GraphApplicationPermissions.Add(graph("Application.ReadWrite.All"));
        SetOwners(highNonAdmin, context.Users[SyntheticUsers.NonAdminOwner]);
        context.Plant(PlantedRiskIds.AppPrivilegedOwnedByNonAdmin, highNonAdmin,
            "The app's service principal holds Application.ReadWrite.All on Microsoft Graph; its only owner is an enabled member user who holds no directory role.");

        var sensitiveGrant = apps[TenantWideSensitiveGrant];
        sensitiveGrant.GraphDelegatedPermissions.Clear();
        foreach (var scope in new[] { "User.Read", "Mail.ReadWrite", "Files.ReadWrite.All" })
        {
            sensitiveGrant.GraphDelegatedPermissions.Add(GraphReferenceData.DelegatedPermission(scope));
        }

        sensitiveGrant.AdminConsented = true;
        SetOwners(sensitiveGrant, globalAdmins[1]);

        var multitenant = apps[MultitenantUnverified];
        multitenant.SignInAudience = "AzureADMultipleOrgs";
        multitenant.VerifiedPublisher = false;
        multitenant.GraphApplicationPermissions.Add(graph("Directory.ReadWrite.All"));
        SetOwners(multitenant, globalAdmins[2]);
        context.Plant(PlantedRiskIds.AppMultitenantUnverifiedHighPrivilege, multitenant,
            "signInAudience AzureADMultipleOrgs, verifiedPublisher empty, and it requests (and is granted here) the Directory.ReadWrite.All application permission on Microsoft Graph.");

        var wildcard = apps[RedirectWildcard];
        wildcard.WebRedirectUris.Add($"https://*.{context.Domain}/signin-oidc");
        context.Plant(PlantedRiskIds.AppRedirectWildcard, wildcard, $"web.redirectUris contains https://*.{context.Domain}/signin-oidc.");

        var http = apps[RedirectHttp];
        http.WebRedirectUris.Add($"http://intranet.{context.Domain}/signin-oidc");
        context.Plant(PlantedRiskIds.AppRedirectHttp, http, $"web.redirectUris contains http://intranet.{context.Domain}/signin-oidc (plain http, not localhost).");

        var localhost = apps[RedirectLocalhost];
        localhost.WebRedirectUris.Add("https://localhost:44321/signin-oidc");
        context.Plant(PlantedRiskIds.AppRedirectLocalhost, localhost, "web.redirectUris contains https://localhost:44321/signin-oidc in a production app.");

        var sharedCloud = apps[RedirectSharedCloud];
        var unclaimedHost = $"{context.CompanyName.ToLowerInvariant()}{(uint)context.Spec.Seed}-legacy-portal.azurewebsites.net";
        sharedCloud.WebRedirectUris.Add($"https://{unclaimedHost}/signin-oidc");
        context.Plant(PlantedRiskIds.AppRedirectSharedCloudDomain, sharedCloud,
            $"web.redirectUris contains https://{unclaimedHost}/signin-oidc: a host on a shared cloud domain (*.azurewebsites.net), not a verified domain of the tenant, open to subdomain takeover.");

        var implicitGrant = apps[ImplicitGrant];
        implicitGrant.ImplicitAccessTokenIssuance = true;
        implicitGrant.ImplicitIdTokenIssuance = true;
        context.Plant(PlantedRiskIds.AppImplicitGrant, implicitGrant, "web.implicitGrantSettings has enableAccessTokenIssuance and enableIdTokenIssuance true.");

        var noOwners = apps[NoOwners];
        noOwners.Owners.Clear();
        context.Plant(PlantedRiskIds.AppNoOwners, noOwners, "owners is empty.");

        var guestOwned = apps[OwnedByGuest];
        SetOwners(guestOwned, context.Users[SyntheticUsers.GuestOwner]);
        context.Plant(PlantedRiskIds.AppOwnedByGuest, guestOwned, "The only owner is a guest user (userType Guest).");

        var disabledOwned = apps[OwnedByDisabledUser];
        SetOwners(disabledOwned, context.Users[SyntheticUsers.DisabledOwner]);
        context.Plant(PlantedRiskIds.AppOwnedByDisabledUser, disabledOwned, "The only owner is a disabled user (accountEnabled false).");

        var unused = apps[Unused];
        unused.HasSignIns = false;
        unused.LastSignInDaysAgo = UnusedLastSignInDaysAgo;
        context.Plant(PlantedRiskIds.AppUnused, unused,
            $"Created 400-420 days before AsOf; its last sign-in (reports/servicePrincipalSignInActivities lastSignInActivity) was {UnusedLastSignInDaysAgo} days before AsOf, and it is absent from the sign-in log; every other app of the tenant has sign-ins.");
        disabledOwned.HasSignIns = false;
        disabledOwned.LastSignInDaysAgo = null;
        context.Plant(PlantedRiskIds.AppUnused, disabledOwned,
            "Created over 400 days before AsOf, absent from reports/servicePrincipalSignInActivities (no sign-in on record, as client or resource) and from the sign-in log.");

        var federated = apps[FederatedPrivileged];
        federated.CallsApi = null;
        federated.CallsApiRole = null;
        federated.Certificates.Clear();
        federated.GraphApplicationPermissions.Add(graph("Application.ReadWrite.All"));
        federated.FederatedCredentials.Add(new SyntheticFederatedCredential(
            context.Id("federatedCredential", federated.Index),
            "github-platform-main",
            FederatedIssuerGitHub,
            $"repo:{context.CompanyName.ToLowerInvariant()}/platform-infra:ref:refs/heads/main",
            "GitHub Actions deployment of the platform infrastructure."));
        SetOwners(federated, globalAdmins[3]);
        context.Plant(PlantedRiskIds.AppFederatedCredentialPrivileged, federated,
            "A federated identity credential trusts GitHub Actions (repo:<company>/platform-infra, branch main) and the app's service principal holds Application.ReadWrite.All on Microsoft Graph.");

        SetOwners(apps[PrivilegedDirectoryRole], globalAdmins[4]);

        var cleanFederated = apps[CleanFederated];
        cleanFederated.Certificates.Clear();
        cleanFederated.FederatedCredentials.Add(new SyntheticFederatedCredential(
            context.Id("federatedCredential", cleanFederated.Index),
            "github-orders-main",
            FederatedIssuerGitHub,
            $"repo:{context.CompanyName.ToLowerInvariant()}/orders-service:environment:production",
            "GitHub Actions deployment of the orders service."));

        var verified = apps[CleanMultitenantVerified];
        verified.SignInAudience = "AzureADMultipleOrgs";
        verified.VerifiedPublisher = true;
    }

    public static byte[] ApplicationsFile(SyntheticContext context)
    {
        using var builder = new JsonCollectionBuilder();
        foreach (var app in context.Apps)
        {
            builder.Add(ToJson(context, app));
        }

        return builder.Build();
    }

    /// <summary>
    /// The beta report <c>reports/servicePrincipalSignInActivities</c>: one entry per app that ever signed
    /// in, with the latest sign-in of each kind. Apps in the sign-in log signed in within the last 20
    /// days; the planted unused apps signed in long ago or never (no entry).
    /// </summary>
    public static byte[] SignInActivitiesFile(SyntheticContext context)
    {
        using var builder = new JsonCollectionBuilder();
        var entries = context.Apps.Select(app => (AppId: SyntheticJson.Id(app.AppId), app.Index, Daemon: app.Kind == AppKind.Daemon, DaysAgo: app.LastSignInDaysAgo))
            .Concat(GraphReferenceData.FirstPartyApps.Select((app, i) => (AppId: app.AppId, Index: 1_000_000 + i, Daemon: false, DaysAgo: (double?)0.5)));
        foreach (var (appId, index, daemon, daysAgo) in entries)
        {
            if (daysAgo is not { } days)
            {
                continue;
            }

            var last = new JsonObject
            {
                ["lastSignInDateTime"] = SyntheticJson.Time(context.DaysAgo(days)),
                ["lastSignInRequestId"] = SyntheticJson.Id(context.Id("signInRequest", index)),
            };
            static JsonObject None() => new() { ["lastSignInDateTime"] = null, ["lastSignInRequestId"] = null };
            builder.Add(new JsonObject
            {
                ["id"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(appId)),
                ["appId"] = appId,
                ["delegatedClientSignInActivity"] = daemon ? None() : last.DeepClone(),
                ["delegatedResourceSignInActivity"] = None(),
                ["applicationAuthenticationClientSignInActivity"] = daemon ? last.DeepClone() : None(),
                ["applicationAuthenticationResourceSignInActivity"] = None(),
                ["lastSignInActivity"] = last,
            });
        }

        return builder.Build();
    }

    public static IEnumerable<(string Path, byte[] File)> FederatedCredentialFiles(SyntheticContext context)
    {
        foreach (var app in context.Apps.Where(app => app.FederatedCredentials.Count > 0))
        {
            var file = JsonCollectionBuilder.Of(app.FederatedCredentials.Select(credential => new JsonObject
            {
                ["id"] = SyntheticJson.Id(credential.Id),
                ["name"] = credential.Name,
                ["issuer"] = credential.Issuer,
                ["subject"] = credential.Subject,
                ["description"] = credential.Description,
                ["audiences"] = SyntheticJson.Strings([FederatedAudience]),
            }));
            yield return ($"applications/{SyntheticJson.Id(app.Id)}/federatedIdentityCredentials.json", file);
        }
    }

    private static JsonObject ToJson(SyntheticContext context, SyntheticApp app)
    {
        var isApi = app.Kind == AppKind.Api;
        return new JsonObject
        {
            ["id"] = SyntheticJson.Id(app.Id),
            ["appId"] = SyntheticJson.Id(app.AppId),
            ["displayName"] = app.DisplayName,
            ["description"] = null,
            ["createdDateTime"] = SyntheticJson.Time(app.CreatedDateTime),
            ["signInAudience"] = app.SignInAudience,
            ["publisherDomain"] = context.Domain,
            ["verifiedPublisher"] = new JsonObject
            {
                ["displayName"] = app.VerifiedPublisher ? context.OrganizationDisplayName : null,
                ["verifiedPublisherId"] = app.VerifiedPublisher ? SyntheticJson.Int(4_000_000 + ((uint)context.Spec.Seed % 1_000_000)) : null,
                ["addedDateTime"] = app.VerifiedPublisher ? SyntheticJson.Time(app.CreatedDateTime.AddDays(1)) : null,
            },
            ["identifierUris"] = SyntheticJson.Strings(isApi ? [$"api://{SyntheticJson.Id(app.AppId)}"] : []),
            ["isFallbackPublicClient"] = app.Kind == AppKind.Native ? true : null,
            ["tags"] = new JsonArray(),
            ["api"] = new JsonObject
            {
                ["requestedAccessTokenVersion"] = isApi ? 2 : null,
                ["oauth2PermissionScopes"] = SyntheticJson.Objects(app.ExposedScopes.Select(ScopeJson)),
            },
            ["appRoles"] = SyntheticJson.Objects(app.ExposedAppRoles.Select(AppRoleJson)),
            ["web"] = new JsonObject
            {
                ["homePageUrl"] = app.WebRedirectUris.Count > 0 ? $"https://{app.Slug}.{context.Domain}/" : null,
                ["logoutUrl"] = null,
                ["redirectUris"] = SyntheticJson.Strings(app.WebRedirectUris),
                ["implicitGrantSettings"] = new JsonObject
                {
                    ["enableAccessTokenIssuance"] = app.ImplicitAccessTokenIssuance,
                    ["enableIdTokenIssuance"] = app.ImplicitIdTokenIssuance,
                },
            },
            ["spa"] = new JsonObject { ["redirectUris"] = SyntheticJson.Strings(app.SpaRedirectUris) },
            ["publicClient"] = new JsonObject { ["redirectUris"] = SyntheticJson.Strings(app.PublicClientRedirectUris) },
            ["requiredResourceAccess"] = RequiredResourceAccess(app),
            ["passwordCredentials"] = SyntheticJson.Objects(app.Secrets.Select(PasswordCredentialJson)),
            ["keyCredentials"] = SyntheticJson.Objects(app.Certificates.Select(KeyCredentialJson)),
            ["owners"] = SyntheticJson.Objects(app.Owners.Select(OwnerJson)),
        };
    }

    private static JsonArray RequiredResourceAccess(SyntheticApp app)
    {
        var result = new JsonArray();
        var graphAccess = new JsonArray();
        foreach (var scope in app.GraphDelegatedPermissions)
        {
            graphAccess.Add(new JsonObject { ["id"] = scope.Id, ["type"] = "Scope" });
        }

        foreach (var role in app.GraphApplicationPermissions)
        {
            graphAccess.Add(new JsonObject { ["id"] = role.Id, ["type"] = "Role" });
        }

        if (graphAccess.Count > 0)
        {
            result.Add(new JsonObject { ["resourceAppId"] = SyntheticJson.Id(GraphReferenceData.MicrosoftGraphAppId), ["resourceAccess"] = graphAccess });
        }

        if (app is { CallsApi: { } api, CallsApiRole: { } apiRole })
        {
            result.Add(new JsonObject
            {
                ["resourceAppId"] = SyntheticJson.Id(api.AppId),
                ["resourceAccess"] = new JsonArray(new JsonObject { ["id"] = SyntheticJson.Id(apiRole.Id), ["type"] = "Role" }),
            });
        }

        return result;
    }

    internal static JsonObject AppRoleJson(SyntheticAppRole role) => new()
    {
        ["allowedMemberTypes"] = SyntheticJson.Strings(["Application"]),
        ["description"] = role.Description,
        ["displayName"] = role.DisplayName,
        ["id"] = SyntheticJson.Id(role.Id),
        ["isEnabled"] = true,
        ["origin"] = "Application",
        ["value"] = role.Value,
    };

    internal static JsonObject ScopeJson(SyntheticScope scope) => new()
    {
        ["adminConsentDescription"] = scope.Description,
        ["adminConsentDisplayName"] = scope.Value,
        ["id"] = SyntheticJson.Id(scope.Id),
        ["isEnabled"] = true,
        ["type"] = scope.Type,
        ["userConsentDescription"] = scope.Type == "User" ? scope.Description : null,
        ["userConsentDisplayName"] = scope.Type == "User" ? scope.Value : null,
        ["value"] = scope.Value,
    };

    internal static JsonObject PasswordCredentialJson(SyntheticCredential credential) => new()
    {
        ["customKeyIdentifier"] = credential.SharedIdentifierSerial is { } shared ? CustomKeyIdentifier(shared) : null,
        ["displayName"] = credential.DisplayName,
        ["endDateTime"] = SyntheticJson.Time(credential.End),
        ["hint"] = SyntheticCanaries.SecretHint,
        ["keyId"] = SyntheticJson.Id(credential.KeyId),
        ["secretText"] = $"{SyntheticCanaries.SecretTextPrefix}{credential.Serial:D6}-{SyntheticCanaries.SecretHint}q~{credential.KeyId:N}",
        ["startDateTime"] = SyntheticJson.Time(credential.Start),
    };

    internal static JsonObject KeyCredentialJson(SyntheticCredential credential) => new()
    {
        ["customKeyIdentifier"] = CustomKeyIdentifier(credential.SharedIdentifierSerial ?? credential.Serial),
        ["displayName"] = credential.DisplayName,
        ["endDateTime"] = SyntheticJson.Time(credential.End),
        ["key"] = Convert.ToBase64String(Encoding.ASCII.GetBytes($"{SyntheticCanaries.KeyMaterialPrefix}{credential.Serial:D6}-{credential.KeyId:N}-not-a-real-certificate")),
        ["keyId"] = SyntheticJson.Id(credential.KeyId),
        ["startDateTime"] = SyntheticJson.Time(credential.Start),
        ["type"] = credential.Type,
        ["usage"] = credential.Usage,
    };

    /// <summary>
    /// The three credentials a SAML signing certificate puts on a service principal, as Microsoft's
    /// servicePrincipal-addtokensigningcertificate.md describes them: a private key (usage Sign, type
    /// X509CertAndPassword), its public key (usage Verify) and a password with the private key's keyId; all three share
    /// one customKeyIdentifier. The subject is the one Entra gives its own SAML certificates; they last three years.
    /// </summary>
    internal static void AddSamlSigningCertificate(SyntheticContext context, List<SyntheticCredential> secrets, List<SyntheticCredential> certificates, DateTimeOffset start)
    {
        const string subject = "CN=Microsoft Azure Federated SSO Certificate";
        var privateSerial = context.NextCanarySerial();
        var publicSerial = context.NextCanarySerial();
        var privateKeyId = context.Id("credential", privateSerial);
        var end = start.AddYears(3);
        certificates.Add(new SyntheticCredential(privateKeyId, subject, start, end, privateSerial) { Usage = "Sign", Type = "X509CertAndPassword", SharedIdentifierSerial = privateSerial });
        certificates.Add(new SyntheticCredential(context.Id("credential", publicSerial), subject, start, end, publicSerial) { SharedIdentifierSerial = privateSerial });
        secrets.Add(new SyntheticCredential(privateKeyId, subject, start, end, privateSerial) { SharedIdentifierSerial = privateSerial });
    }

    private static string CustomKeyIdentifier(int serial)
        => Convert.ToBase64String(Encoding.ASCII.GetBytes($"{SyntheticCanaries.CustomKeyIdentifierPrefix}{serial:D12}"));

    internal static JsonObject OwnerJson(SyntheticUser owner) => new()
    {
        ["@odata.type"] = "#microsoft.graph.user",
        ["id"] = SyntheticJson.Id(owner.Id),
        ["displayName"] = owner.DisplayName,
        ["userPrincipalName"] = owner.UserPrincipalName,
        ["userType"] = owner.UserType,
        ["accountEnabled"] = owner.AccountEnabled,
    };

    private static void AddDelegatedBasics(SyntheticApp app)
    {
        foreach (var scope in new[] { "User.Read", "openid", "profile" })
        {
            app.GraphDelegatedPermissions.Add(GraphReferenceData.DelegatedPermission(scope));
        }
    }

    private static void SetOwners(SyntheticApp app, SyntheticUser owner)
    {
        app.Owners.Clear();
        app.Owners.Add(owner);
    }

    private static void ReplaceWithSecret(SyntheticContext context, SyntheticApp app, DateTimeOffset start, DateTimeOffset end)
    {
        app.Certificates.Clear();
        app.Secrets.Clear();
        app.Secrets.Add(Secret(context, "client-secret", start, end));
    }

    internal static SyntheticCredential Secret(SyntheticContext context, string displayName, DateTimeOffset start, DateTimeOffset end)
    {
        var serial = context.NextCanarySerial();
        return new SyntheticCredential(context.Id("credential", serial), displayName, start, end, serial);
    }

    /// <summary>A secret of 180 days that started 10-80 days before AsOf (not before the app existed), so it ends 100-170 days after.</summary>
    private static SyntheticCredential CleanSecret(SyntheticContext context, SyntheticRandom random, SyntheticApp app, string displayName)
    {
        var start = NotBefore(context.AsOf - random.Between(TimeSpan.FromDays(10), TimeSpan.FromDays(80)), app);
        return Secret(context, displayName, start, start.AddDays(180));
    }

    /// <summary>A one-year certificate that started 30-200 days before AsOf (not before the app existed), so it ends 165-335 days after.</summary>
    private static SyntheticCredential CleanCertificate(SyntheticContext context, SyntheticRandom random, SyntheticApp app)
    {
        var start = NotBefore(context.AsOf - random.Between(TimeSpan.FromDays(30), TimeSpan.FromDays(200)), app);
        return Secret(context, $"CN={app.Slug}", start, start.AddDays(365));
    }

    private static DateTimeOffset NotBefore(DateTimeOffset start, SyntheticApp app)
        => start < app.CreatedDateTime ? app.CreatedDateTime.AddHours(1) : start;

    private static string LongName()
    {
        const string unit = "Very Long Application Name ";
        var builder = new StringBuilder(LongNameLength + unit.Length);
        while (builder.Length < LongNameLength)
        {
            builder.Append(unit);
        }

        builder.Length = LongNameLength;
        return builder.ToString();
    }
}

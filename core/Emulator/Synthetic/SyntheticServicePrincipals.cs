using System.Text.Json.Nodes;

namespace IdentityOps.Emulator.Synthetic;

/// <summary>
/// Service principals: Microsoft first-party ones (Microsoft Graph with its real app roles and
/// delegated scopes), one per app registration of the tenant, one third-party app users consented
/// to, and third-party and managed-identity ones filling the rest up to the spec's count.
/// </summary>
internal static class SyntheticServicePrincipals
{
    /// <summary>Service principals that exist beyond one per application: the first-party ones and the consented third-party app.</summary>
    public static int FixedExtraCount => GraphReferenceData.FirstPartyApps.Count + 1;

    public const string ConsentedThirdPartyName = "Inbox Zero Assistant";

    private static readonly string[] Vendors =
    [
        "Brightwave CRM", "Northstar HR Cloud", "Pixelpost Design", "Ledgerly Expenses", "Sparkdesk Helpdesk", "Quillnote",
        "Tallybook Payroll", "Orbit Surveys", "Harbor Files", "Lumen Analytics", "Keystone Learning", "Beacon Chat",
    ];

    private static readonly string[] Editions = ["", " (EU)", " Connector", " for Microsoft 365", " Sync", " SSO"];

    private static readonly string[] Workloads = ["orders", "billing", "search", "ingest", "reports", "web", "etl", "ml", "backup", "gateway"];

    /// <summary>Delegated scopes that need an admin's consent (the rest a user may consent to).</summary>
    private static readonly HashSet<string> AdminConsentScopes = new(StringComparer.Ordinal)
    {
        "Application.Read.All", "AuditLog.Read.All", "Directory.Read.All", "Policy.Read.All", "Policy.Read.ConditionalAccess",
        "RoleManagement.Read.Directory", "RoleManagement.Read.All", "User.Read.All", "UserAuthenticationMethod.Read.All",
        "Organization.Read.All", "Policy.ReadWrite.ConditionalAccess", "Policy.ReadWrite.AuthenticationMethod",
        "Directory.AccessAsUser.All", "Directory.ReadWrite.All", "RoleManagement.ReadWrite.Directory",
        "Application.ReadWrite.All", "AppRoleAssignment.ReadWrite.All",
    };

    public static void Plan(SyntheticContext context)
    {
        var random = context.Random("servicePrincipals");
        var firstParty = GraphReferenceData.FirstPartyApps.Select((app, index) => FirstParty(context, app, index)).ToList();
        context.GraphServicePrincipal = firstParty[0];
        context.ExchangeServicePrincipal = firstParty[1];
        context.SharePointServicePrincipal = firstParty[2];
        context.ServicePrincipals.AddRange(firstParty);

        foreach (var app in context.Apps)
        {
            context.ServicePrincipals.Add(ForApp(context, app));
        }

        context.ServicePrincipals.Add(ThirdParty(context, random, 0, ConsentedThirdPartyName, verified: false));
        var fill = context.Spec.ServicePrincipals - context.ServicePrincipals.Count;
        for (var i = 1; i <= fill; i++)
        {
            context.ServicePrincipals.Add(random.Chance(0.6)
                ? ThirdParty(context, random, i, random.Pick(Vendors) + random.Pick(Editions), verified: random.Chance(0.7))
                : ManagedIdentity(context, random, i));
        }

        context.ResourceServicePrincipals.Add(context.GraphServicePrincipal);
        context.ResourceServicePrincipals.Add(context.ExchangeServicePrincipal);
        context.ResourceServicePrincipals.Add(context.SharePointServicePrincipal);
        context.ResourceServicePrincipals.AddRange(context.ServicePrincipals.Where(sp => sp.App?.Kind == AppKind.Api));

        PlantServicePrincipalRisks(context);
    }

    public static SyntheticServicePrincipal ForApp(SyntheticContext context, SyntheticApp app)
    {
        var servicePrincipal = new SyntheticServicePrincipal
        {
            Id = app.ServicePrincipalId,
            AppId = app.AppId,
            DisplayName = app.DisplayName,
            ServicePrincipalType = "Application",
            AppOwnerOrganizationId = context.TenantId,
            SignInAudience = app.SignInAudience,
            Tags = ["WindowsAzureActiveDirectoryIntegratedApp"],
            ServicePrincipalNames = app.Kind == AppKind.Api
                ? [SyntheticJson.Id(app.AppId), $"api://{SyntheticJson.Id(app.AppId)}"]
                : [SyntheticJson.Id(app.AppId)],
            VerifiedPublisherName = app.VerifiedPublisher ? context.OrganizationDisplayName : null,
            App = app,
        };
        servicePrincipal.AppRoles.AddRange(app.ExposedAppRoles);
        servicePrincipal.Scopes.AddRange(app.ExposedScopes);
        servicePrincipal.Secrets.AddRange(app.ServicePrincipalSecrets);
        servicePrincipal.Certificates.AddRange(app.ServicePrincipalCertificates);
        return servicePrincipal;
    }

    private static SyntheticServicePrincipal FirstParty(SyntheticContext context, FirstPartyApp app, int index)
    {
        var servicePrincipal = new SyntheticServicePrincipal
        {
            Id = context.Id("firstPartyServicePrincipal", index),
            AppId = new Guid(app.AppId),
            DisplayName = app.DisplayName,
            ServicePrincipalType = "Application",
            AppOwnerOrganizationId = GraphReferenceData.MicrosoftTenantId,
            SignInAudience = "AzureADMultipleOrgs",
            ServicePrincipalNames = [app.AppId],
            VerifiedPublisherName = null,
            IsFirstParty = true,
        };

        if (servicePrincipal.AppId == GraphReferenceData.MicrosoftGraphAppId)
        {
            servicePrincipal.AppRoles.AddRange(GraphReferenceData.GraphApplicationPermissions.Select(permission =>
                new SyntheticAppRole(new Guid(permission.Id), permission.Value, permission.Value, $"Allows the app to use {permission.Value} without a signed-in user.")));
            servicePrincipal.Scopes.AddRange(GraphReferenceData.GraphDelegatedPermissions.Select(permission =>
                new SyntheticScope(new Guid(permission.Id), permission.Value, AdminConsentScopes.Contains(permission.Value) ? "Admin" : "User", $"Allows the app to use {permission.Value} on behalf of the signed-in user.")));
        }
        else if (servicePrincipal.AppId == GraphReferenceData.ExchangeOnlineAppId)
        {
            var permission = GraphReferenceData.ExchangeFullAccessAsApp;
            servicePrincipal.AppRoles.Add(new SyntheticAppRole(new Guid(permission.Id), permission.Value, "Use Exchange Web Services with full access to all mailboxes", "Allows the app to use Exchange Web Services with full access to all mailboxes."));
        }
        else if (servicePrincipal.AppId == GraphReferenceData.SharePointOnlineAppId)
        {
            var permission = GraphReferenceData.SharePointSitesFullControlAll;
            servicePrincipal.AppRoles.Add(new SyntheticAppRole(new Guid(permission.Id), permission.Value, "Have full control of all site collections", "Allows the app to have full control of all site collections without a signed-in user."));
        }

        return servicePrincipal;
    }

    private static SyntheticServicePrincipal ThirdParty(SyntheticContext context, SyntheticRandom random, int index, string displayName, bool verified)
    {
        var vendor = random.Next(Vendors.Length * 4);
        return new SyntheticServicePrincipal
        {
            Id = context.Id("thirdPartyServicePrincipal", index),
            AppId = context.Id("thirdPartyAppId", index),
            DisplayName = displayName,
            ServicePrincipalType = "Application",
            AppOwnerOrganizationId = context.Id("vendorTenant", vendor),
            SignInAudience = "AzureADMultipleOrgs",
            Tags = ["WindowsAzureActiveDirectoryIntegratedApp"],
            ServicePrincipalNames = [SyntheticJson.Id(context.Id("thirdPartyAppId", index))],
            VerifiedPublisherName = verified ? $"{displayName} Inc." : null,
        };
    }

    private static SyntheticServicePrincipal ManagedIdentity(SyntheticContext context, SyntheticRandom random, int index)
    {
        var workload = random.Pick(Workloads);
        var name = $"mi-{workload}-{SyntheticJson.Int(index)}";
        var subscription = SyntheticJson.Id(context.Id("subscription", index % 5));
        var appId = context.Id("managedIdentityAppId", index);
        return new SyntheticServicePrincipal
        {
            Id = context.Id("managedIdentity", index),
            AppId = appId,
            DisplayName = name,
            ServicePrincipalType = "ManagedIdentity",
            AppOwnerOrganizationId = null,
            SignInAudience = "AzureADMyOrg",
            AlternativeNames = ["isExplicit=True", $"/subscriptions/{subscription}/resourcegroups/rg-{workload}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{name}"],
            ServicePrincipalNames = [SyntheticJson.Id(appId), $"https://identity.azure.net/{context.Opaque("managedIdentityName", index, 43)}"],
        };
    }

    private static void PlantServicePrincipalRisks(SyntheticContext context)
    {
        var app = context.Apps[SyntheticApplications.CredentialOnServicePrincipal];
        var appServicePrincipal = context.ServicePrincipals.Single(sp => sp.App == app);
        context.Plant(PlantedRiskIds.SpCredentialOnServicePrincipal, appServicePrincipal,
            "The service principal of one of the tenant's apps has a secret in its own passwordCredentials (the app registration itself only has a certificate).");

        var exchange = context.ExchangeServicePrincipal;
        exchange.Secrets.Add(SyntheticApplications.Secret(context, "backup-access", context.DaysAgo(12), context.DaysAgo(12).AddDays(180)));
        const string firstPartyDescription = "The Microsoft first-party service principal 'Office 365 Exchange Online' (appOwnerOrganizationId is Microsoft's tenant) has a secret added in this tenant.";
        context.Plant(PlantedRiskIds.SpCredentialOnFirstParty, exchange, firstPartyDescription);
        context.Plant(PlantedRiskIds.SpCredentialOnServicePrincipal, exchange, firstPartyDescription + " It is also a credential on a service principal.");

        // Exchange hybrid: the Hybrid Configuration Wizard uploaded the on-premises auth certificate (public key, usage Verify).
        var hybridSerial = context.NextCanarySerial();
        exchange.Certificates.Add(new SyntheticCredential(
            context.Id("credential", hybridSerial), "CN=Microsoft Exchange Server Auth Certificate", context.DaysAgo(700), context.DaysAgo(700).AddYears(5), hybridSerial));
        context.Plant(PlantedRiskIds.SpHybridCertificateOnFirstParty, exchange,
            "The 'Office 365 Exchange Online' service principal holds the on-premises Exchange auth certificate (AsymmetricX509Cert, usage Verify) that the Hybrid Configuration Wizard uploads: investigate, not an incident.");

        // A SAML app: the clean sample's service principal carries a SAML signing certificate (Sign + Verify keys and
        // the password that opens the private key), which no rule may take for an added secret.
        var sampleApp = context.Apps[SyntheticApplications.CleanSample];
        var sample = context.ServicePrincipals.Single(sp => sp.App == sampleApp);
        var signingStart = sampleApp.CreatedDateTime.AddDays(1) > context.DaysAgo(300) ? sampleApp.CreatedDateTime.AddDays(1) : context.DaysAgo(300);
        SyntheticApplications.AddSamlSigningCertificate(context, sample.Secrets, sample.Certificates, signingStart);
    }

    public static byte[] ServicePrincipalsFile(SyntheticContext context)
    {
        using var builder = new JsonCollectionBuilder();
        foreach (var servicePrincipal in context.ServicePrincipals)
        {
            var json = ToJson(servicePrincipal);

            // Owners ride inline, as on app registrations, and the emulator serves servicePrincipals/{id}/owners from them;
            // only the few service principals that have owners carry the array, so the others' files stay as they were.
            if (servicePrincipal.Owners.Count > 0)
            {
                json["owners"] = SyntheticJson.Objects(servicePrincipal.Owners.Select(SyntheticApplications.OwnerJson));
            }

            builder.Add(json);
        }

        return builder.Build();
    }

    private static JsonObject ToJson(SyntheticServicePrincipal servicePrincipal) => new()
    {
        ["id"] = SyntheticJson.Id(servicePrincipal.Id),
        ["appId"] = SyntheticJson.Id(servicePrincipal.AppId),
        ["displayName"] = servicePrincipal.DisplayName,
        ["appDisplayName"] = servicePrincipal.DisplayName,
        ["appOwnerOrganizationId"] = servicePrincipal.AppOwnerOrganizationId is { } owner ? SyntheticJson.Id(owner) : null,
        ["servicePrincipalType"] = servicePrincipal.ServicePrincipalType,
        ["accountEnabled"] = true,
        ["signInAudience"] = servicePrincipal.SignInAudience,
        ["appRoleAssignmentRequired"] = servicePrincipal.AppRoleAssignmentRequired,
        ["tags"] = SyntheticJson.Strings(servicePrincipal.Tags),
        ["servicePrincipalNames"] = SyntheticJson.Strings(servicePrincipal.ServicePrincipalNames),
        ["alternativeNames"] = SyntheticJson.Strings(servicePrincipal.AlternativeNames),
        // No publisherName: Microsoft's v1.0 servicePrincipal has none (beta only), and the collector reads v1.0.
        ["verifiedPublisher"] = new JsonObject
        {
            ["displayName"] = servicePrincipal.VerifiedPublisherName,
            ["verifiedPublisherId"] = servicePrincipal.VerifiedPublisherName is null ? null : SyntheticJson.Int(5_000_000 + (long)(SyntheticIds.Hash(SyntheticJson.Id(servicePrincipal.AppId)) & 0xFFFFF)),
            ["addedDateTime"] = null,
        },
        ["replyUrls"] = new JsonArray(),
        ["appRoles"] = SyntheticJson.Objects(servicePrincipal.AppRoles.Select(SyntheticApplications.AppRoleJson)),
        ["oauth2PermissionScopes"] = SyntheticJson.Objects(servicePrincipal.Scopes.Select(SyntheticApplications.ScopeJson)),
        ["passwordCredentials"] = SyntheticJson.Objects(servicePrincipal.Secrets.Select(SyntheticApplications.PasswordCredentialJson)),
        ["keyCredentials"] = SyntheticJson.Objects(servicePrincipal.Certificates.Select(SyntheticApplications.KeyCredentialJson)),
    };
}

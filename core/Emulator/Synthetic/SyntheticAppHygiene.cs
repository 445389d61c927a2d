namespace IdentityOps.Emulator.Synthetic;

/// <summary>
/// Issue 19 E1's planted risks, on story apps that already exist (no new app index, so the noise of the tenant stays as
/// it was): certificates that expired, end within a month or live two years, on app registrations and service principals;
/// apps nobody signs in with that still hold valid credentials; a privileged application permission nobody uses; a
/// vendor's app holding a directory role; an app owner without MFA. Runs after the roles are planned (it adds a role
/// assignment) and before the sign-in log (which leaves out apps without sign-ins). Clean counterparts stay clean: the
/// noise apps' one-year certificates, the clean sample's three-year SAML signing set, the Exchange hybrid certificate.
/// </summary>
internal static class SyntheticAppHygiene
{
    /// <summary>How long before AsOf the dormant privileged app last signed in.</summary>
    public const int DormantPrivilegedLastSignInDaysAgo = 150;

    public static void Plan(SyntheticContext context)
    {
        PlantCertificates(context);
        PlantDormancy(context);
        PlantForeignDirectoryRole(context);
        PlantOwnerWithoutMfa(context);
    }

    private static void PlantCertificates(SyntheticContext context)
    {
        var apps = context.Apps;

        var expired = apps[SyntheticApplications.RedirectHttp];
        expired.Certificates.Add(SyntheticApplications.Secret(context, $"CN={expired.Slug}-2024", context.DaysAgo(400), context.DaysAgo(35)));
        context.Plant(PlantedRiskIds.AppCertificateExpired, expired,
            "keyCredentials holds, beside the app's current one-year certificate, a certificate (AsymmetricX509Cert, Verify) whose endDateTime is 35 days before AsOf.");

        var expiring = apps[SyntheticApplications.RedirectLocalhost];
        expiring.Certificates.Clear();
        expiring.Certificates.Add(SyntheticApplications.Secret(context, $"CN={expiring.Slug}", context.DaysAgo(345), context.DaysAhead(20)));
        context.Plant(PlantedRiskIds.AppCertificateExpiring30Days, expiring,
            "keyCredentials holds one certificate, valid 365 days, whose endDateTime is 20 days after AsOf; the app has no other credential.");

        var longLived = apps[SyntheticApplications.ImplicitGrant];
        longLived.Certificates.Clear();
        longLived.Certificates.Add(SyntheticApplications.Secret(context, $"CN={longLived.Slug}", context.DaysAgo(30), context.DaysAhead(700)));
        context.Plant(PlantedRiskIds.AppCertificateLifetimeOver1Year, longLived,
            "keyCredentials holds one certificate valid for 730 days (startDateTime 30 days before AsOf, endDateTime 700 days after).");

        // SAML apps: signing sets as Entra makes them (three years). One replaced but never deleted, one about to end with no successor.
        var replaced = ServicePrincipalOf(context, SyntheticApplications.RedirectWildcard);
        SyntheticApplications.AddSamlSigningCertificate(context, replaced.Secrets, replaced.Certificates, context.DaysAgo(1110));
        SyntheticApplications.AddSamlSigningCertificate(context, replaced.Secrets, replaced.Certificates, context.DaysAgo(30));
        context.Plant(PlantedRiskIds.SpCertificateExpired, replaced,
            "The service principal holds two SAML signing sets: the active one started 30 days before AsOf; the previous one (Sign and Verify keys, three years) ended about two weeks before AsOf and was never deleted.");

        var ending = ServicePrincipalOf(context, SyntheticApplications.RedirectSharedCloud);
        SyntheticApplications.AddSamlSigningCertificate(context, ending.Secrets, ending.Certificates, context.DaysAgo(1080));
        context.Plant(PlantedRiskIds.SpCertificateExpiring30Days, ending,
            "The service principal's only SAML signing set (three years, started 1080 days before AsOf) ends about 15 days after AsOf, and no newer signing certificate exists.");
    }

    private static void PlantDormancy(SyntheticContext context)
    {
        // The multi-tenant app holding Directory.ReadWrite.All fell silent 150 days ago and kept its certificate.
        var silent = context.Apps[SyntheticApplications.MultitenantUnverified];
        silent.HasSignIns = false;
        silent.LastSignInDaysAgo = DormantPrivilegedLastSignInDaysAgo;
        context.Plant(PlantedRiskIds.SpPrivilegedPermissionUnused, ServicePrincipalOf(context, silent.Index),
            $"The service principal holds Directory.ReadWrite.All on Microsoft Graph (granted a day after the app was created, over 400 days before AsOf); its last sign-in (reports/servicePrincipalSignInActivities) was {DormantPrivilegedLastSignInDaysAgo} days before AsOf.");
        context.Plant(PlantedRiskIds.AppUnused, silent,
            $"Its last sign-in (reports/servicePrincipalSignInActivities lastSignInActivity) was {DormantPrivilegedLastSignInDaysAgo} days before AsOf, and it is absent from the sign-in log.");

        foreach (var index in new[] { SyntheticApplications.MultitenantUnverified, SyntheticApplications.OwnedByDisabledUser, SyntheticApplications.Unused })
        {
            context.Plant(PlantedRiskIds.AppDormantWithCredentials, context.Apps[index],
                "No sign-in for over 90 days (or none on record), yet keyCredentials still holds a certificate valid at AsOf (the one-year certificate every web app of the tenant gets).");
        }
    }

    private static void PlantForeignDirectoryRole(SyntheticContext context)
    {
        // A vendor's app (registered in another organisation's tenant) made User Administrator "to provision users".
        var vendor = context.ServicePrincipals.FirstOrDefault(sp => sp is { App: null, IsFirstParty: false, AppOwnerOrganizationId: not null, ServicePrincipalType: "Application" }
                                                                   && sp.DisplayName != SyntheticServicePrincipals.ConsentedThirdPartyName)
                     ?? context.ServicePrincipals.Single(sp => sp.DisplayName == SyntheticServicePrincipals.ConsentedThirdPartyName);
        SyntheticRoles.Assign(context, GraphReferenceData.UserAdministrator.TemplateId, null, vendor, null);
        const string description = "A third-party service principal (appOwnerOrganizationId is a vendor's tenant) holds an active User Administrator assignment.";
        context.Plant(PlantedRiskIds.SpForeignDirectoryRole, vendor, description);
        context.Plant(PlantedRiskIds.RoleServicePrincipalPrivileged, vendor, description + " User Administrator is privileged.");
    }

    private static void PlantOwnerWithoutMfa(SyntheticContext context)
    {
        // The roles step takes two clean members' MFA away after the apps drew their owners: a noise app one of them owns
        // gets, in their place, a clean member with MFA, so that noise stays clean under app-owner-without-mfa.
        var withoutMfa = context.Users.Where(user => !user.MfaRegistered).Select(user => user.Id).ToHashSet();
        foreach (var noise in context.Apps.Where(app => app.Index >= SyntheticApplications.FirstNoise))
        {
            for (var i = 0; i < noise.Owners.Count; i++)
            {
                if (withoutMfa.Contains(noise.Owners[i].Id))
                {
                    noise.Owners[i] = context.CleanMembers.First(user => user.MfaRegistered && noise.Owners.TrueForAll(owner => owner.Id != user.Id));
                }
            }
        }

        var app = context.Apps[SyntheticApplications.RedirectWildcard];
        app.Owners.Add(context.Users[SyntheticUsers.PrivilegedNoMfa]);
        context.Plant(PlantedRiskIds.AppOwnerWithoutMfa, app,
            "A second owner of the app registration is a user whose userRegistrationDetails has isMfaRegistered false (methodsRegistered only 'email').");
    }

    private static SyntheticServicePrincipal ServicePrincipalOf(SyntheticContext context, int appIndex)
    {
        var app = context.Apps[appIndex];
        return context.ServicePrincipals.Single(sp => sp.App == app);
    }
}

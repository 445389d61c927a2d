using System.Text.Json.Nodes;
using IdentityOps.Emulator.Synthetic;

namespace IdentityOps.Emulator.Tests.Synthetic;

/// <summary>Issue 19 E1's risks, read from the snapshot files as plainly as possible (the product's rules are the other reading).</summary>
internal static partial class RiskOracle
{
    private static void DetectAppHygiene(SyntheticTenant tenant, Action<string, string> add)
    {
        var asOf = tenant.Spec.AsOf;
        var files = tenant.Files;
        var apps = Items(files["applications.json"]);
        var servicePrincipals = Items(files["servicePrincipals.json"]);
        var byAppId = servicePrincipals.ToDictionary(sp => Text(sp, "appId"));
        var registrations = Items(files["reports/authenticationMethods/userRegistrationDetails.json"]).ToDictionary(entry => Text(entry, "id"));
        var lastSignIns = Items(files["reports/servicePrincipalSignInActivities.json"])
            .ToDictionary(activity => Text(activity, "appId"), activity => Time(activity["lastSignInActivity"]!, "lastSignInDateTime"));
        bool Silent(string appId) => !lastSignIns.TryGetValue(appId, out var last) || last < asOf.AddDays(-90);

        // Certificates: expired, ending within 30 days with nothing on the object ending later, valid for more than a year.
        void Certificates(JsonNode owner, string expired, string expiring, string? longLived)
        {
            var keys = Array(owner, "keyCredentials").Select(node => node!).ToArray();
            var all = keys.Concat(Array(owner, "passwordCredentials").Select(node => node!)).ToArray();
            foreach (var key in keys)
            {
                var end = Time(key, "endDateTime");
                if (end < asOf)
                {
                    add(expired, Text(owner, "id"));
                    continue;
                }

                if (end <= asOf.AddDays(30) && !all.Any(other => Time(other, "endDateTime") > end))
                {
                    add(expiring, Text(owner, "id"));
                }

                if (longLived is not null && end > Time(key, "startDateTime").AddYears(1).AddDays(1))
                {
                    add(longLived, Text(owner, "id"));
                }
            }
        }

        foreach (var app in apps)
        {
            Certificates(app, PlantedRiskIds.AppCertificateExpired, PlantedRiskIds.AppCertificateExpiring30Days, PlantedRiskIds.AppCertificateLifetimeOver1Year);
        }

        foreach (var sp in servicePrincipals.Where(sp => !MicrosoftTenants.Contains(TextOrNull(sp, "appOwnerOrganizationId"))))
        {
            Certificates(sp, PlantedRiskIds.SpCertificateExpired, PlantedRiskIds.SpCertificateExpiring30Days, longLived: null);
        }

        // Dormant apps: no sign-in for 90 days, a secret or a Verify certificate still valid on the app or its service
        // principal (a SAML signing set — Sign key, its password, Verify keys sharing its customKeyIdentifier — does not count).
        foreach (var app in apps.Where(app => Time(app, "createdDateTime") < asOf.AddDays(-90) && Silent(Text(app, "appId"))))
        {
            var sp = byAppId[Text(app, "appId")];
            var signKeys = Array(sp, "keyCredentials").Select(node => node!).Where(key => Text(key, "usage") == "Sign").ToArray();
            var credentials = Array(app, "passwordCredentials").Concat(Array(app, "keyCredentials"))
                .Concat(Array(sp, "passwordCredentials").Where(password => !signKeys.Any(key => Text(key, "keyId") == Text(password!, "keyId"))))
                .Concat(Array(sp, "keyCredentials").Where(key => Text(key!, "usage") == "Verify" && !signKeys.Any(sign => TextOrNull(sign, "customKeyIdentifier") == TextOrNull(key!, "customKeyIdentifier"))))
                .Select(node => node!);
            if (credentials.Any(credential => Time(credential, "endDateTime") >= asOf && TextOrNull(credential, "usage") is null or "Verify"))
            {
                add(PlantedRiskIds.AppDormantWithCredentials, Text(app, "id"));
            }
        }

        // Privileged Graph application permissions granted over 90 days ago to an enabled, non-managed-identity app silent for 90 days.
        var graph = servicePrincipals.Single(sp => Text(sp, "appId") == GraphAppId);
        var tiers = GraphReferenceData.GraphApplicationPermissions.ToDictionary(permission => permission.Id, permission => permission.Tier);
        var spById = servicePrincipals.ToDictionary(sp => Text(sp, "id"));
        foreach (var assignment in Items(files[$"servicePrincipals/{Text(graph, "id")}/appRoleAssignedTo.json"]))
        {
            var client = spById[Text(assignment, "principalId")];
            if (tiers.GetValueOrDefault(Text(assignment, "appRoleId"), string.Empty) is GraphReferenceData.TierDirect or GraphReferenceData.TierIndirect
                && Time(assignment, "createdDateTime") < asOf.AddDays(-90) && Flag(client, "accountEnabled")
                && Text(client, "servicePrincipalType") != "ManagedIdentity" && Silent(Text(client, "appId")))
            {
                add(PlantedRiskIds.SpPrivilegedPermissionUnused, Text(client, "id"));
            }
        }

        // Any directory role held by a service principal of an app registered in another organisation (not Microsoft).
        foreach (var assignment in Items(files["roleManagement/directory/roleAssignments.json"]))
        {
            if (spById.TryGetValue(Text(assignment, "principalId"), out var sp)
                && TextOrNull(sp, "appOwnerOrganizationId") is { } owner && owner != tenant.TenantId.ToString() && !MicrosoftTenants.Contains(owner))
            {
                add(PlantedRiskIds.SpForeignDirectoryRole, Text(sp, "id"));
            }
        }

        // An owner of an app registration listed in the registration details without MFA (Maester MT.1063).
        foreach (var app in apps.Where(app => Array(app, "owners").Any(owner => registrations.TryGetValue(Text(owner!, "id"), out var entry) && !Flag(entry, "isMfaRegistered"))))
        {
            add(PlantedRiskIds.AppOwnerWithoutMfa, Text(app, "id"));
        }
    }
}

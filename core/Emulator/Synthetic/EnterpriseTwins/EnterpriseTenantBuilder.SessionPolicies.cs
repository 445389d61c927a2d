using System.Text.Json.Nodes;
using static IdentityOps.Emulator.Synthetic.EnterpriseTwins.EnterpriseTwinIds;

namespace IdentityOps.Emulator.Synthetic.EnterpriseTwins;

// issue 19 A3: the well-kept tenant's session controls and the roles its phishing-resistant admin policy names.
internal sealed partial class EnterpriseTenantBuilder
{
    /// <summary>
    /// CISA's highly privileged roles (ScubaGear ScubaConfigDefaults.json "privilegedRoles"): CA002 names them too, as
    /// Microsoft's template for administrators does (Exchange and SharePoint Administrator are not flagged isPrivileged).
    /// </summary>
    private static readonly string[] CisaHighlyPrivilegedRoles =
    [
        GraphReferenceData.GlobalAdministrator.TemplateId, "e8611ab8-c189-46e8-94e1-60213ab1f814", "fe930be7-5e62-47db-91af-98c3a49a38b1",
        "f28a1f50-f6e7-4571-818b-6a12f2af6b6c", "29232cdf-9323-42fd-ade2-1d097af3e4de", "8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2",
        "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", "158c047a-c907-4556-b7ef-446551a6b5f7",
    ];

    /// <summary>
    /// Microsoft's templates "Require reauthentication and disable browser persistence" (unmanaged devices: every hour, never
    /// persistent) and "Use application enforced restrictions for unmanaged devices" (Office 365):
    /// https://learn.microsoft.com/entra/identity/conditional-access/policy-all-users-persistent-browser and
    /// policy-all-users-app-enforced-restrictions (checked 2026-12-07). Session only, no grant controls.
    /// </summary>
    private IEnumerable<JsonObject> SessionPolicies()
    {
        var unmanaged = CaPolicy(UnmanagedSessionPolicy, "CA031 Require reauthentication and disable browser persistence on unmanaged devices", Targets(includeUsers: ["All"]), clientAppTypes: ["all"], grant: null, session: new JsonObject
        {
            ["applicationEnforcedRestrictions"] = null,
            ["cloudAppSecurity"] = null,
            ["persistentBrowser"] = new JsonObject { ["mode"] = "never", ["isEnabled"] = true },
            ["signInFrequency"] = new JsonObject { ["value"] = 1, ["type"] = "hours", ["authenticationType"] = "primaryAndSecondaryAuthentication", ["frequencyInterval"] = "timeBased", ["isEnabled"] = true },
        });
        unmanaged["conditions"]!["devices"] = new JsonObject
        {
            ["deviceFilter"] = new JsonObject { ["mode"] = "exclude", ["rule"] = "device.trustType -eq \"ServerAD\" -or device.isCompliant -eq True" },
        };
        yield return unmanaged;

        var restrictions = CaPolicy(AppEnforcedRestrictionsPolicy, "CA032 Use application enforced restrictions for unmanaged devices", Targets(includeUsers: ["All"]), clientAppTypes: ["all"], grant: null, session: new JsonObject
        {
            ["applicationEnforcedRestrictions"] = new JsonObject { ["isEnabled"] = true },
            ["cloudAppSecurity"] = null,
            ["persistentBrowser"] = null,
            ["signInFrequency"] = null,
        });
        restrictions["conditions"]!["applications"]!["includeApplications"] = SyntheticJson.Strings(["Office365"]);
        yield return restrictions;
    }
}

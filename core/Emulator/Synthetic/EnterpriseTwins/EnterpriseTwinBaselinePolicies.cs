using System.Text.Json.Nodes;

namespace IdentityOps.Emulator.Synthetic.EnterpriseTwins;

/// <summary>
/// Issue 19 A2: two more of Microsoft's Conditional Access templates the well-kept tenant follows, so that Maester's
/// baseline checks for administrators' devices (MT.1014) and security info registration (MT.1011) pass on it:
/// https://learn.microsoft.com/entra/identity/conditional-access/policy-admin-devices and
/// https://learn.microsoft.com/entra/identity/conditional-access/policy-all-users-security-info-registration (checked 2026-12-07).
/// </summary>
internal static class EnterpriseTwinBaselinePolicies
{
    // Numbered apart from CA001–CA006 and what other parts add.
    public static readonly string AdminDevicePolicy = "0e7a5000-0000-4000-8000-000000000021";
    public static readonly string RegistrationPolicy = "0e7a5000-0000-4000-8000-000000000022";

    /// <summary>The 14 administrator roles of Microsoft's template (Global, Application, Authentication, Billing, Cloud Application,
    /// Conditional Access, Exchange, Helpdesk, Password, Privileged Authentication, Privileged Role, Security, SharePoint, User Administrator).</summary>
    public static readonly string[] TemplateAdminRoles =
    [
        "62e90394-69f5-4237-9190-012177145e10", "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", "c4e39bd9-1100-46d3-8c65-fb160da0071f",
        "b0f54661-2d74-4c50-afa3-1ec803f12efe", "158c047a-c907-4556-b7ef-446551a6b5f7", "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9",
        "29232cdf-9323-42fd-ade2-1d097af3e4de", "729827e3-9c14-49f7-bb1b-9608f156bbb8", "966707d0-3269-4727-9be2-8c3a10f19b9d",
        "7be44c8a-adaf-4e2a-84d6-ab2649e08a13", "e8611ab8-c189-46e8-94e1-60213ab1f814", "194ae4cb-b126-40b2-bd5b-6091b380977d",
        "f28a1f50-f6e7-4571-818b-6a12f2af6b6c", "fe930be7-5e62-47db-91af-98c3a49a38b1",
    ];

    /// <summary>Target the user action "Register security information" instead of applications, outside the trusted locations.</summary>
    public static JsonObject OnSecurityInfoRegistration(JsonObject policy)
    {
        var conditions = policy["conditions"]!;
        conditions["applications"]!["includeApplications"] = new JsonArray();
        conditions["applications"]!["includeUserActions"] = SyntheticJson.Strings(["urn:user:registersecurityinfo"]);
        conditions["locations"] = new JsonObject { ["includeLocations"] = SyntheticJson.Strings(["All"]), ["excludeLocations"] = SyntheticJson.Strings(["AllTrusted"]) };
        return policy;
    }
}

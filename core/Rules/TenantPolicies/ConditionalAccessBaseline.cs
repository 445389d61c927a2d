namespace IdentityOps.Core.Rules.TenantPolicies;

/// <summary>
/// What a Conditional Access policy targets besides applications (issue 19 A2): user actions
/// (<c>urn:user:registersecurityinfo</c>, <c>urn:user:registerdevice</c>), authentication contexts (<c>c1</c> …) and
/// whether an application filter (custom security attributes) selects the applications. Graph v1.0
/// <c>conditionalAccessApplications</c>: https://learn.microsoft.com/graph/api/resources/conditionalaccessapplications (checked 2026-12-07).
/// </summary>
internal sealed record ConditionalAccessResources(string[] IncludeUserActions, string[] IncludeAuthenticationContexts, string? ApplicationFilterMode)
{
    public const string RegisterSecurityInfo = "urn:user:registersecurityinfo";

    public bool RegistersSecurityInfo => PolicySettings.Has(IncludeUserActions, RegisterSecurityInfo);
}

/// <summary>
/// The questions Maester's Conditional Access baseline (maester365/maester@6bf1d98 tests/Maester/Entra/Test-ConditionalAccessBaseline.Tests.ps1
/// and the powershell/public/maester/entra/Test-MtCa*.ps1 functions it calls) asks of a policy, shared by the rules that map its checks.
/// </summary>
internal static class ConditionalAccessBaseline
{
    /// <summary>
    /// The 14 administrator roles Microsoft's "Require MFA for administrators" and "Require compliant or hybrid joined device for
    /// administrators" templates name, as Maester's Test-MtCaMfaForAdminManagement and Test-MtCaDeviceComplianceAdminsExists list them.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> TemplateAdminRoles = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["62e90394-69f5-4237-9190-012177145e10"] = "Global Administrator",
        ["9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3"] = "Application Administrator",
        ["c4e39bd9-1100-46d3-8c65-fb160da0071f"] = "Authentication Administrator",
        ["b0f54661-2d74-4c50-afa3-1ec803f12efe"] = "Billing Administrator",
        ["158c047a-c907-4556-b7ef-446551a6b5f7"] = "Cloud Application Administrator",
        ["b1be1c3e-b65d-4f19-8427-f6fa0d97feb9"] = "Conditional Access Administrator",
        ["29232cdf-9323-42fd-ade2-1d097af3e4de"] = "Exchange Administrator",
        ["729827e3-9c14-49f7-bb1b-9608f156bbb8"] = "Helpdesk Administrator",
        ["966707d0-3269-4727-9be2-8c3a10f19b9d"] = "Password Administrator",
        ["7be44c8a-adaf-4e2a-84d6-ab2649e08a13"] = "Privileged Authentication Administrator",
        ["e8611ab8-c189-46e8-94e1-60213ab1f814"] = "Privileged Role Administrator",
        ["194ae4cb-b126-40b2-bd5b-6091b380977d"] = "Security Administrator",
        ["f28a1f50-f6e7-4571-818b-6a12f2af6b6c"] = "SharePoint Administrator",
        ["fe930be7-5e62-47db-91af-98c3a49a38b1"] = "User Administrator",
    };

    private static readonly string[] DeviceControls = ["compliantDevice", "domainJoinedDevice"];

    /// <summary>
    /// A managed device (compliant, or Microsoft Entra hybrid joined) is required, not merely one way among others to pass:
    /// a device control, and either no other control or the AND operator (as Test-MtCaDeviceComplianceAdminsExists reads it).
    /// </summary>
    public static bool RequiresManagedDevice(ConditionalAccessPolicy policy)
    {
        var device = policy.BuiltInControls.Any(c => PolicySettings.Has(DeviceControls, c));
        var other = policy.BuiltInControls.Any(c => !PolicySettings.Has(DeviceControls, c)) || policy.AuthenticationStrength is not null;
        return device && (!other || string.Equals(policy.GrantOperator, "AND", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The policy lists a device control at all, required or as one option.</summary>
    public static bool OffersManagedDevice(ConditionalAccessPolicy policy) => policy.BuiltInControls.Any(c => PolicySettings.Has(DeviceControls, c));

    /// <summary>All users, or every one of the 14 template administrator roles, and none of those roles excluded.</summary>
    public static bool TargetsTemplateAdmins(ConditionalAccessPolicy policy)
        => TemplateAdminRoles.Keys.All(role => (policy.TargetsAllUsers || PolicySettings.Has(policy.IncludeRoles, role)) && !PolicySettings.Has(policy.ExcludeRoles, role));

    /// <summary>The template administrator roles a policy leaves out (not included, unless all users are, or excluded), by name.</summary>
    public static IEnumerable<string> TemplateAdminRolesLeftOut(ConditionalAccessPolicy policy)
        => TemplateAdminRoles.Where(role => (!policy.TargetsAllUsers && !PolicySettings.Has(policy.IncludeRoles, role.Key)) || PolicySettings.Has(policy.ExcludeRoles, role.Key))
            .Select(role => role.Value).Order(StringComparer.Ordinal);

    /// <summary>Maester leaves password-change policies (the user-risk remediation) out of its "a policy does X" counts.</summary>
    public static bool IsPasswordChangePolicy(ConditionalAccessPolicy policy) => PolicySettings.Has(policy.BuiltInControls, "passwordChange");
}

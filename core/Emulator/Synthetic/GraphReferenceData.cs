namespace IdentityOps.Emulator.Synthetic;

/// <summary>A Microsoft Graph permission: its value (name) and id. <see cref="Tier"/> is set for application permissions with a path to Global Administrator.</summary>
internal sealed record GraphPermission(string Value, string Id, string Tier = "");

/// <summary>A built-in Microsoft Entra role: its template id is also its role definition id in every tenant.</summary>
internal sealed record BuiltInRole(string DisplayName, string TemplateId, bool IsPrivileged, string Description);

/// <summary>A Microsoft first-party application whose service principal exists in every tenant.</summary>
internal sealed record FirstPartyApp(string DisplayName, string AppId);

/// <summary>
/// Public Microsoft identifiers the synthetic tenant uses. Copied into code so the product never reads
/// the reference folder at run time; each table names its source.
/// </summary>
internal static class GraphReferenceData
{
    /// <summary>Microsoft's own tenant: the <c>appOwnerOrganizationId</c> of first-party applications.</summary>
    public static readonly Guid MicrosoftTenantId = new("f8cdef31-a31e-4b4a-93e4-5f571e91255a");

    public static readonly Guid MicrosoftGraphAppId = new("00000003-0000-0000-c000-000000000000");
    public static readonly Guid ExchangeOnlineAppId = new("00000002-0000-0ff1-ce00-000000000000");
    public static readonly Guid SharePointOnlineAppId = new("00000003-0000-0ff1-ce00-000000000000");

    public const string TierDirect = "direct";
    public const string TierIndirect = "indirect";
    public const string TierSensitive = "sensitive";

    /// <summary>
    /// Microsoft Graph application permissions (app roles of the Microsoft Graph service principal).
    /// Source: /work/shared/reference/graph-application-permission-ids.tsv and
    /// graph-dangerous-application-permissions.tsv (Microsoft Graph permissions reference, "All
    /// permissions and IDs"; tiers from the dangerous-permissions table), copied 2026-11; the four consent and
    /// sign-in settings permissions re-tiered indirect with the product's table (issue 17 item 8).
    /// </summary>
    public static IReadOnlyList<GraphPermission> GraphApplicationPermissions { get; } =
    [
        new("RoleManagement.ReadWrite.Directory", "9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8", TierDirect),
        new("AppRoleAssignment.ReadWrite.All", "06b708a9-e830-4db3-a914-8e69da51d44f", TierIndirect),
        new("Application.ReadWrite.All", "1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9", TierIndirect),
        new("Application.ReadWrite.OwnedBy", "18a4783c-866b-4cc7-a460-3d5e5662c884", TierIndirect),
        new("Directory.ReadWrite.All", "19dbc75e-c2e2-444c-a770-ec69d8559fc7", TierIndirect),
        new("Group.ReadWrite.All", "62a82d76-70ea-41e2-9197-370581804d09", TierIndirect),
        new("GroupMember.ReadWrite.All", "dbaae8cf-10b5-4b86-a4a1-f871c94c6695", TierIndirect),
        new("User.ReadWrite.All", "741f803b-c850-494e-b5df-cde7c675a1ca", TierIndirect),
        new("Mail.ReadWrite", "e2a3a72e-5f79-4c64-b1b1-878b674786c9", TierSensitive),
        new("Mail.Send", "b633e1c5-b582-4048-a93e-9f11b44c7e96", TierSensitive),
        new("Files.ReadWrite.All", "75359482-378d-4052-8f01-80520e7db3cd", TierSensitive),
        new("Sites.FullControl.All", "a82116e5-55eb-4c41-a434-62fe8a61c773", TierSensitive),
        new("Sites.ReadWrite.All", "9492366f-7969-46a4-8d15-ed1a20078fff", TierSensitive),
        new("Policy.ReadWrite.ConditionalAccess", "01c0a623-fc9b-48e9-b794-0756f8e8f067", TierDirect),
        new("PrivilegedAccess.ReadWrite.AzureAD", "854d9ab1-6657-4ec8-be45-823027bcd009"),
        new("UserAuthenticationMethod.ReadWrite.All", "50483e42-d915-4231-9639-7fdb7fd190e5", TierDirect),
        new("Directory.Read.All", "7ab1d382-f21e-4acd-a863-ba3e13f7da61"),
        new("User.Read.All", "df021288-bdef-4463-88db-98f22de89214"),
        new("Mail.Read", "810c84a8-4a9e-49e6-bf7d-12d183f40d01", TierSensitive),
        new("RoleAssignmentSchedule.ReadWrite.Directory", "dd199f4a-f148-40a4-a2ec-f0069cc799ec", TierDirect),
        new("PrivilegedAccess.ReadWrite.AzureADGroup", "2f6817f8-7b12-4f0f-bc18-eeaf60705a9e", TierDirect),
        new("PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup", "41202f2c-f7ab-45be-b001-85c9728b9d69", TierDirect),
        new("User.EnableDisableAccount.All", "3011c876-62b7-4ada-afa2-506cbbecc68c", TierDirect),
        new("User.DeleteRestore.All", "eccc023d-eccf-4e7b-9683-8813ab36cecc", TierDirect),
        new("DelegatedAdminRelationship.ReadWrite.All", "cc13eba4-8cd8-44c6-b4d4-f93237adce58", TierDirect),
        new("UserAuthMethod-TAP.ReadWrite.All", "627169a8-8c15-451c-861a-5b80e383de5c", TierDirect),
        new("UserAuthMethod-Phone.ReadWrite.All", "6e85d483-7092-4375-babe-0a94a8213a58", TierDirect),
        new("UserAuthMethod-QR.ReadWrite.All", "4869299f-18c3-40c8-98f2-222657e67db1", TierDirect),
        new("UserAuthMethod-HardwareOATH.ReadWrite.All", "7e9ebcc1-90aa-4471-8051-e68d6b4e9c89", TierDirect),
        new("Domain.ReadWrite.All", "7e05723c-0bb0-42da-be95-ae9f08a6e53c", TierIndirect),
        new("RoleEligibilitySchedule.ReadWrite.Directory", "fee28b28-e1f3-4841-818e-2704dc62245f", TierIndirect),
        new("PrivilegedEligibilitySchedule.ReadWrite.AzureADGroup", "618b6020-bca8-4de6-99f6-ef445fa4d857", TierIndirect),
        new("Application.ReadUpdate.All", "fc023787-fd04-4e44-9bc7-d454f00c0f0a", TierIndirect),
        new("User-PasswordProfile.ReadWrite.All", "cc117bb9-00cf-4eb8-b580-ea2a878fe8f7", TierIndirect),
        new("Policy.ReadWrite.PermissionGrant", "a402ca1c-2696-4531-972d-6e5ee4aa11ea", TierIndirect),
        new("Policy.ReadWrite.AuthenticationMethod", "29c18626-4985-4dcd-85c0-193eef327366", TierIndirect),
        new("Organization.ReadWrite.All", "292d869f-3427-49a8-9dab-8c70152b74e9", TierIndirect),
        new("RoleManagementPolicy.ReadWrite.Directory", "31e08e0a-d3f7-4ca2-ac39-7343fb83e8ad", TierIndirect),
        new("EntitlementManagement.ReadWrite.All", "9acd699f-1e81-4958-b001-93b1d2506e19", TierIndirect),
        new("AdministrativeUnit.ReadWrite.All", "5eb59dd3-1da2-4329-8733-9dabdc435916", TierIndirect),
        new("DeviceManagementRBAC.ReadWrite.All", "e330c4f0-4170-414e-a55a-2f022ec2b57b", TierIndirect),
        new("DeviceManagementConfiguration.ReadWrite.All", "9241abd9-d0e6-425a-bd4f-47ba86e767a4", TierIndirect),
        new("DelegatedPermissionGrant.ReadWrite.All", "8e8e4742-1d95-4f68-9d56-6ee75648c72a", TierIndirect),
        new("Policy.ReadWrite.Authorization", "fb221be6-99f2-473f-bd32-01c6a0e9ca3b", TierIndirect),
        new("IdentityProvider.ReadWrite.All", "90db2b9a-d928-4d33-a4dd-8442ae3d41e4", TierIndirect),
        new("OnPremDirectorySynchronization.ReadWrite.All", "c22a92cc-79bf-4bb1-8b6c-e0a05d3d80ce", TierIndirect),
    ];

    /// <summary>
    /// Microsoft Graph delegated permissions (oauth2PermissionScopes of the Microsoft Graph service principal).
    /// Source: /work/shared/reference/graph-delegated-permission-ids.tsv (Microsoft Graph permissions
    /// reference), copied 2026-11; the last five (mail, files, email) are from the same Microsoft
    /// reference page and were checked against public app manifests that request them.
    /// </summary>
    public static IReadOnlyList<GraphPermission> GraphDelegatedPermissions { get; } =
    [
        new("User.Read", "e1fe6dd8-ba31-4d61-89e7-88639da4683d"),
        new("Application.Read.All", "c79f8feb-a9db-4090-85f9-90d820caa0eb"),
        new("AuditLog.Read.All", "e4c9e354-4dc5-45b8-9e7c-e1393b0b1a20"),
        new("Directory.Read.All", "06da0dbc-49e2-44d2-8312-53f166ab848a"),
        new("Policy.Read.All", "572fea84-0151-49b2-9301-11cb16974376"),
        new("Policy.Read.ConditionalAccess", "633e0fce-8c58-4cfb-9495-12bbd5a24f7c"),
        new("RoleManagement.Read.Directory", "741c54c3-0c1e-44a1-818b-3f97ab4e8c83"),
        new("RoleManagement.Read.All", "48fec646-b2ba-4019-8681-8eb31435aded"),
        new("User.Read.All", "a154be20-db9c-4678-8ab7-66f6cc099a59"),
        new("User.ReadBasic.All", "b340eb25-3456-403f-be2f-af7a0d370277"),
        new("UserAuthenticationMethod.Read.All", "aec28ec7-4d02-4e8c-b864-50163aea77eb"),
        new("Organization.Read.All", "4908d5b9-3fb2-4b1e-9336-1888b7937185"),
        new("offline_access", "7427e0e9-2fba-42fe-b0c0-848c9e6a8182"),
        new("openid", "37f7f235-527c-4136-accd-4a02d197296e"),
        new("profile", "14dad69e-099b-42c9-810b-d002981feec1"),
        new("Policy.ReadWrite.ConditionalAccess", "ad902697-1014-4ef5-81ef-2b4301988e8c"),
        new("Policy.ReadWrite.AuthenticationMethod", "7e823077-d88e-468f-a337-e18f1f0e6c7c"),
        new("Directory.AccessAsUser.All", "0e263e50-5827-48a4-b97c-d940288653c7"),
        new("Directory.ReadWrite.All", "c5366453-9fb0-48a5-a156-24f0c49a4b84"),
        new("RoleManagement.ReadWrite.Directory", "d01b97e9-cbc0-49fe-810a-750afd5527a3"),
        new("Application.ReadWrite.All", "bdfbf15f-ee85-4955-8675-146e8e5296b5"),
        new("AppRoleAssignment.ReadWrite.All", "84bccea3-f856-4a8a-967b-dbe0a3d53a64"),
        new("Mail.Read", "570282fd-fa5c-430d-a7fd-fc8dc98a9dca"),
        new("Mail.ReadWrite", "024d486e-b451-40bb-833d-3e66d98c5c73"),
        new("Mail.Send", "e383f46e-2787-4529-855e-0e479a3ffac0"),
        new("Files.ReadWrite.All", "863451e7-0667-486c-a5d6-d135439485f0"),
        new("email", "64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0"),
    ];

    /// <summary>
    /// App roles of Office 365 Exchange Online and SharePoint Online that the synthetic tenant declares
    /// (and does not grant). Source: Microsoft's Exchange Online app-only and SharePoint app-only
    /// documentation, checked against public app manifests.
    /// </summary>
    public static readonly GraphPermission ExchangeFullAccessAsApp = new("full_access_as_app", "dc890d15-9560-4a4c-9b7f-a736ec74ec40", TierSensitive);

    public static readonly GraphPermission SharePointSitesFullControlAll = new("Sites.FullControl.All", "678536fe-1083-478a-9c59-b99265e6b0d3", TierSensitive);

    public static GraphPermission ApplicationPermission(string value)
        => GraphApplicationPermissions.Single(permission => permission.Value == value);

    public static GraphPermission DelegatedPermission(string value)
        => GraphDelegatedPermissions.Single(permission => permission.Value == value);

    public static readonly BuiltInRole GlobalAdministrator = new("Global Administrator", "62e90394-69f5-4237-9190-012177145e10", true, "Can manage all aspects of Microsoft Entra ID and Microsoft services that use Microsoft Entra identities.");
    public static readonly BuiltInRole PrivilegedRoleAdministrator = new("Privileged Role Administrator", "e8611ab8-c189-46e8-94e1-60213ab1f814", true, "Can manage role assignments in Microsoft Entra ID, and all aspects of Privileged Identity Management.");
    public static readonly BuiltInRole ApplicationAdministrator = new("Application Administrator", "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", true, "Can create and manage all aspects of app registrations and enterprise apps.");
    public static readonly BuiltInRole CloudApplicationAdministrator = new("Cloud Application Administrator", "158c047a-c907-4556-b7ef-446551a6b5f7", true, "Can create and manage all aspects of app registrations and enterprise apps except App Proxy.");
    public static readonly BuiltInRole SecurityAdministrator = new("Security Administrator", "194ae4cb-b126-40b2-bd5b-6091b380977d", true, "Can read security information and reports, and manage configuration in Microsoft Entra ID and Office 365.");
    public static readonly BuiltInRole UserAdministrator = new("User Administrator", "fe930be7-5e62-47db-91af-98c3a49a38b1", true, "Can manage all aspects of users and groups, including resetting passwords for limited admins.");
    public static readonly BuiltInRole ExchangeAdministrator = new("Exchange Administrator", "29232cdf-9323-42fd-ade2-1d097af3e4de", false, "Can manage all aspects of the Exchange product.");
    public static readonly BuiltInRole HelpdeskAdministrator = new("Helpdesk Administrator", "729827e3-9c14-49f7-bb1b-9608f156bbb8", true, "Can reset passwords for non-administrators and Helpdesk Administrators.");
    public static readonly BuiltInRole GlobalReader = new("Global Reader", "f2ef992c-3afb-46b9-b7cf-a126ee74c451", true, "Can read everything that a Global Administrator can, but not update anything.");
    public static readonly BuiltInRole PrivilegedAuthenticationAdministrator = new("Privileged Authentication Administrator", "7be44c8a-adaf-4e2a-84d6-ab2649e08a13", true, "Can access to view, set and reset authentication method information for any user (admin or non-admin).");
    public static readonly BuiltInRole AuthenticationAdministrator = new("Authentication Administrator", "c4e39bd9-1100-46d3-8c65-fb160da0071f", true, "Can access to view, set and reset authentication method information for any non-admin user.");
    public static readonly BuiltInRole ConditionalAccessAdministrator = new("Conditional Access Administrator", "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9", true, "Can manage Conditional Access capabilities.");
    public static readonly BuiltInRole HybridIdentityAdministrator = new("Hybrid Identity Administrator", "8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2", true, "Manage Active Directory to Microsoft Entra cloud provisioning, Microsoft Entra Connect, pass-through authentication (PTA), password hash synchronization (PHS), seamless single sign-on (seamless SSO), and federation settings.");
    public static readonly BuiltInRole SecurityReader = new("Security Reader", "5d6b6bb7-de71-4623-b4af-96380a352509", true, "Can read security information and reports in Microsoft Entra ID and Office 365.");
    public static readonly BuiltInRole ReportsReader = new("Reports Reader", "4a5d8f65-41da-4de4-8968-e035b65339cf", false, "Can read sign-in and audit reports.");
    public static readonly BuiltInRole DirectoryReaders = new("Directory Readers", "88d8e3e3-8f55-4a1e-953a-9b9898b8876b", false, "Can read basic directory information. Commonly used to grant directory read access to applications and guests.");

    /// <summary>
    /// Built-in roles with their template ids and the "privileged" label. Source: Microsoft Entra
    /// built-in roles reference (learn.microsoft.com, entra-docs permissions-reference.md, 2026-01),
    /// whose privileged label is what Graph's <c>isPrivileged</c> reports.
    /// </summary>
    public static IReadOnlyList<BuiltInRole> BuiltInRoles { get; } =
    [
        GlobalAdministrator, PrivilegedRoleAdministrator, ApplicationAdministrator, CloudApplicationAdministrator,
        SecurityAdministrator, UserAdministrator, ExchangeAdministrator, HelpdeskAdministrator, GlobalReader,
        PrivilegedAuthenticationAdministrator, AuthenticationAdministrator, ConditionalAccessAdministrator,
        HybridIdentityAdministrator, SecurityReader, ReportsReader, DirectoryReaders,
    ];

    /// <summary>Guest User role (the default <c>guestUserRoleId</c>). Source: Graph authorizationPolicy documentation.</summary>
    public const string GuestUserRoleId = "10dae51f-b6af-4016-8d66-8c2a99b929b3";

    /// <summary>
    /// issue 19 B: the <c>guestUserRoleId</c> of "Guest users have the same access as members (most inclusive)". Source:
    /// learn.microsoft.com/entra/identity/users/users-restrict-guest-permissions; ScubaGear AADConfig.rego names the same id.
    /// </summary>
    public const string GuestMemberAccessRoleId = "a0b1b346-4d3e-4e8b-98f8-753987be4970";

    /// <summary>
    /// Entra ID Premium P1 and P2 service plan ids and the P2 SKU id. Source: Microsoft "Product names
    /// and service plan identifiers for licensing" table.
    /// </summary>
    public static readonly Guid EntraIdP1ServicePlanId = new("41781fb2-bc02-4b7c-bd55-b576c07bb09d");
    public static readonly Guid EntraIdP2ServicePlanId = new("eec0eb4f-6444-4f95-aba0-50c24d67f998");
    public static readonly Guid EntraIdP2SkuId = new("84a661c4-e949-4bd2-a560-ed7766fcaf2b");

    /// <summary>
    /// Microsoft first-party applications with a service principal in customer tenants. Source: the
    /// well-known first-party application ids Microsoft documents (Conditional Access target apps,
    /// Microsoft Entra "Verify first-party Microsoft applications in sign-in reports").
    /// The first three are resources the tenant's apps call.
    /// </summary>
    public static IReadOnlyList<FirstPartyApp> FirstPartyApps { get; } =
    [
        new("Microsoft Graph", "00000003-0000-0000-c000-000000000000"),
        new("Office 365 Exchange Online", "00000002-0000-0ff1-ce00-000000000000"),
        new("Office 365 SharePoint Online", "00000003-0000-0ff1-ce00-000000000000"),
        new("Windows Azure Active Directory", "00000002-0000-0000-c000-000000000000"),
        new("Office 365 Management APIs", "c5393580-f805-4401-95e8-94b7a6ef2fc2"),
        new("Windows Azure Service Management API", "797f4846-ba00-4fd7-ba43-dac1f8f63013"),
        new("Azure Portal", "c44b4083-3bb0-49c1-b47d-974e53cbdf3c"),
        new("Microsoft Azure CLI", "04b07795-8ddb-461a-bbee-02f9e1bf7b46"),
        new("Microsoft Azure PowerShell", "1950a258-227b-4e31-a9cf-717495945fc2"),
        new("Microsoft Graph Command Line Tools", "14d82eec-204b-4c2f-b7e8-296a70dab67e"),
        new("Graph Explorer", "de8bc8b5-d9f9-48b1-a8ad-b748da725064"),
        new("Microsoft Office", "d3590ed6-52b3-4102-aeff-aad2292ab01c"),
        new("Office Home", "4765445b-32c6-49b0-83e6-1d93765276ca"),
        new("Microsoft Teams", "1fec8e78-bce4-4aaf-ab1b-5451cc387264"),
        new("Microsoft Teams Web Client", "5e3ce6c0-2b1f-4285-8d4b-75ee78787346"),
        new("Microsoft Teams Services", "cc15fd57-2c6c-4117-a88c-83b1d56b4bbe"),
        new("Outlook Mobile", "27922004-5251-4030-b22d-91ecd9a37ea4"),
        new("OneDrive SyncEngine", "ab9b8c07-8f02-4f72-87fa-80105867a763"),
        new("Microsoft Authentication Broker", "29d9ed98-a469-4536-ade2-f981bc1d605e"),
        new("Microsoft Intune", "0000000a-0000-0000-c000-000000000000"),
        new("Azure Key Vault", "cfa8b339-82a2-471a-a3c9-0fc0be7a4093"),
        new("Power BI Service", "00000009-0000-0000-c000-000000000000"),
        new("Skype for Business Online", "00000004-0000-0ff1-ce00-000000000000"),
    ];

    /// <summary>Host suffixes of shared cloud platforms where anyone can claim a subdomain (subdomain-takeover targets).</summary>
    public static IReadOnlyList<string> SharedCloudDomainSuffixes { get; } =
        [".azurewebsites.net", ".cloudapp.net", ".trafficmanager.net", ".blob.core.windows.net", ".herokuapp.com"];
}

namespace IdentityOps.Emulator.Synthetic.EnterpriseTwins;

/// <summary>
/// The fixed object ids of the two enterprise twin tenants (<see cref="EnterpriseTwinTenants"/>): hand-picked, so a
/// test names the object a finding must (or must not) be raised on, and a reader finds it in the files.
/// </summary>
public static class EnterpriseTwinIds
{
    public static readonly Guid TenantId = new("5f1c7a52-3e0b-4d6e-9a41-2b7c0e9d4f18");

    // Users: u-prefixed ids, the last block is the user's number.
    public static readonly Guid BreakGlass1 = User(1);
    public static readonly Guid BreakGlass2 = User(2);

    /// <summary>Alex: eligible Global Administrator (PIM), FIDO2 and Authenticator registered.</summary>
    public static readonly Guid AlexGlobalAdmin = User(3);

    /// <summary>Priya: eligible Security Administrator, activated right now for a few hours.</summary>
    public static readonly Guid PriyaSecurityAdmin = User(4);

    /// <summary>Diego: eligible Application Administrator; owns the line-of-business apps.</summary>
    public static readonly Guid DiegoApplicationAdmin = User(5);

    /// <summary>Megan: eligible User Administrator. In the exposed twin: dormant for months, and under password spray.</summary>
    public static readonly Guid MeganUserAdmin = User(6);

    /// <summary>Ravi: a guest from a partner. In the exposed twin: eligible Global Administrator.</summary>
    public static readonly Guid RaviGuest = User(15);

    /// <summary>Ordinary members, synchronised from on-premises Active Directory (users 7 to 14).</summary>
    public static IReadOnlyList<Guid> Members { get; } = [.. Enumerable.Range(7, 8).Select(User)];

    // App registrations (a-prefixed) and their service principals (b-prefixed) share the last block.
    public static readonly Guid HrSyncApp = App(1);
    public static readonly Guid HrSyncServicePrincipal = ServicePrincipal(1);
    public static readonly Guid IntranetApp = App(2);
    public static readonly Guid IntranetServicePrincipal = ServicePrincipal(2);
    public static readonly Guid SalesforceApp = App(3);
    public static readonly Guid SalesforceServicePrincipal = ServicePrincipal(3);
    public static readonly Guid ServiceNowApp = App(4);
    public static readonly Guid ServiceNowServicePrincipal = ServicePrincipal(4);

    /// <summary>Only in the exposed twin: an archiving app holding Exchange Online's <c>full_access_as_app</c>.</summary>
    public static readonly Guid MailArchiverApp = App(5);

    public static readonly Guid MailArchiverServicePrincipal = ServicePrincipal(5);

    // Microsoft's and third parties' service principals in this tenant (c-prefixed).
    public static readonly Guid MicrosoftGraphServicePrincipal = Resource(1);
    public static readonly Guid ExchangeOnlineServicePrincipal = Resource(2);
    public static readonly Guid SharePointOnlineServicePrincipal = Resource(3);
    public static readonly Guid AzureAdGraphServicePrincipal = Resource(4);
    public static readonly Guid ZoomServicePrincipal = Resource(5);

    /// <summary>Conditional Access policy ids, CA001 to CA006 in their display names.</summary>
    public static readonly string MfaForAllPolicy = Policy(1);

    public static readonly string AdminPhishingResistantPolicy = Policy(2);
    public static readonly string LegacyBlockPolicy = Policy(3);
    public static readonly string RiskySignInPolicy = Policy(4);
    public static readonly string RiskyUserPolicy = Policy(5);
    public static readonly string DeviceCodeBlockPolicy = Policy(6);

    // issue 19 A3: Microsoft's session templates for unmanaged devices (numbered apart from the other helpers' additions).
    public static readonly string UnmanagedSessionPolicy = Policy(31);
    public static readonly string AppEnforcedRestrictionsPolicy = Policy(32);

    public const string AuthorizationPolicy = "authorizationPolicy";

    internal static Guid User(int number) => new($"0e7a1000-0000-4000-8000-{number:D12}");

    private static Guid App(int number) => new($"0e7a2000-0000-4000-8000-{number:D12}");

    private static Guid ServicePrincipal(int number) => new($"0e7a3000-0000-4000-8000-{number:D12}");

    private static Guid Resource(int number) => new($"0e7a4000-0000-4000-8000-{number:D12}");

    private static string Policy(int number) => $"0e7a5000-0000-4000-8000-{number:D12}";
}

using System.Text.Json;
using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.TenantPolicies;

/// <summary>
/// One Conditional Access policy as the collector stored it (see <c>ConditionalAccessReader</c>), with
/// the questions the rules ask of it. One condition model for every Conditional Access rule: whom the
/// policy targets (<see cref="TargetsAllUsers"/>, <see cref="ConditionalAccessExclusions"/>), which
/// sign-ins it applies to (<see cref="Narrowings"/>), and what it demands (<see cref="RequiresMfa"/>, <see cref="Blocks"/>).
/// </summary>
internal sealed partial record ConditionalAccessPolicy(
    string Id,
    string Name,
    string? State,
    ConditionalAccessUsers Users,
    ConditionalAccessConditions Conditions,
    string[] IncludeApplications,
    string[] ClientAppTypes,
    string[] AuthenticationFlows,
    string? GrantOperator,
    string[] BuiltInControls,
    string? AuthenticationStrength,
    string[] AuthenticationStrengthCombinations,
    ConditionalAccessResources Resources) // issue 19 A2: user actions, authentication contexts, application filter
{
    /// <summary>
    /// The single methods that are multifactor on their own; every other single method (password, SMS sign-in,
    /// federated single factor, a single-factor certificate) is one factor. A combination of two ("password,sms") is two.
    /// The list is ScubaGear's IsGeneralMFA (cisagov/ScubaGear PowerShell/ScubaGear/Rego/Utils/AAD.rego), checked against
    /// https://learn.microsoft.com/entra/identity/authentication/concept-authentication-strengths (checked 2026-12-07).
    /// </summary>
    private static readonly string[] MultifactorOnTheirOwn =
        ["windowsHelloForBusiness", "fido2", "x509CertificateMultiFactor", "deviceBasedPush", "temporaryAccessPassOneTime", "temporaryAccessPassMultiUse", "federatedMultiFactor"];

    public const string Kind = "conditionalAccess";

    /// <summary>On and enforced: <c>enabledForReportingButNotEnforced</c> (report-only) logs and enforces nothing.</summary>
    public bool IsEnabled => string.Equals(State, "enabled", StringComparison.OrdinalIgnoreCase);

    public string[] IncludeUsers => Users.IncludeUsers;

    public string[] ExcludeUsers => Users.ExcludeUsers;

    public string[] ExcludeGroups => Users.ExcludeGroups;

    public string[] IncludeRoles => Users.IncludeRoles;

    public string[] ExcludeRoles => Users.ExcludeRoles;

    public bool TargetsAllUsers => PolicySettings.Has(IncludeUsers, "All");

    public bool TargetsAllApplications => PolicySettings.Has(IncludeApplications, "All");

    public bool TargetsEveryone => TargetsAllUsers && TargetsAllApplications;

    public bool Blocks => PolicySettings.Has(BuiltInControls, "block");

    /// <summary>
    /// MFA (or an authentication strength that allows only multifactor combinations) is required, not merely offered:
    /// with the OR operator and another control, a user can satisfy the policy with, say, a compliant device instead.
    /// </summary>
    public bool RequiresMfa
    {
        get
        {
            var mfa = PolicySettings.Has(BuiltInControls, "mfa") || (AuthenticationStrength is not null && StrengthIsMultifactor);
            var controls = BuiltInControls.Length + (AuthenticationStrength is null ? 0 : 1);
            return mfa && (controls == 1 || string.Equals(GrantOperator, "AND", StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>
    /// Every combination the strength allows is multifactor. A custom strength may allow a single factor, and then
    /// a password alone satisfies it; a strength collected without its combinations is taken at its name.
    /// </summary>
    private bool StrengthIsMultifactor
        => AuthenticationStrengthCombinations.All(c => c.Contains(',', StringComparison.Ordinal) || PolicySettings.Has(MultifactorOnTheirOwn, c));

    /// <summary>Whether the policy demands anything at all (block, MFA, a device, terms of use …): a session-only policy locks nobody out.</summary>
    public bool HasGrantControls => BuiltInControls.Length > 0 || AuthenticationStrength is not null;

    /// <summary>
    /// Why the policy applies to only some sign-ins of the users it targets, in words ("only at sign-in risk High"):
    /// empty when it applies to every sign-in. Client app types and authentication flows are left to the rule,
    /// because for the legacy and device-code rules they are the very thing targeted.
    /// </summary>
    public IReadOnlyList<string> Narrowings => Conditions.Narrowings;

    /// <summary>
    /// Modern clients (browser, mobile apps and desktop clients) are all in scope: <c>all</c>, or both named.
    /// Legacy clients cannot do MFA at all, so an MFA policy is not narrower for leaving them to the legacy block.
    /// </summary>
    public bool CoversModernClients
        => ClientAppTypes.Length == 0 || PolicySettings.Has(ClientAppTypes, "all")
           || (PolicySettings.Has(ClientAppTypes, "browser") && PolicySettings.Has(ClientAppTypes, "mobileAppsAndDesktopClients"));

    /// <summary>
    /// Applies to every sign-in of its users to every application: all applications, none excluded, no
    /// risk, location, platform, device or authentication-flow condition, modern clients all in scope.
    /// </summary>
    public bool AppliesToEverySignIn => TargetsAllApplications && Narrowings.Count == 0 && AuthenticationFlows.Length == 0 && CoversModernClients;

    /// <summary>"Name (state)", how the explanations list a policy.</summary>
    public string Label => $"{Name} ({State ?? "state unknown"})";

    /// <summary>"Name: why it is narrower; …", how the explanations list a policy that applies only under conditions.</summary>
    public string LabelWithNarrowings
    {
        get
        {
            IEnumerable<string> why = Narrowings;
            if (!TargetsAllApplications)
            {
                why = why.Prepend($"only for {IncludeApplications.Length} selected application(s) or action(s)");
            }

            if (AuthenticationFlows.Length > 0)
            {
                why = why.Append($"only for the authentication flow(s) {string.Join(", ", AuthenticationFlows)}");
            }

            if (!CoversModernClients)
            {
                why = why.Append($"only for the client app type(s) {string.Join(", ", ClientAppTypes)}");
            }

            return $"{Name}: {string.Join("; ", why)}";
        }
    }

    public static IReadOnlyList<ConditionalAccessPolicy> All(TenantInventory inventory) => inventory.PoliciesOf(Kind).Select(Parse).ToList();

    private static ConditionalAccessPolicy Parse(TenantPolicyRecord record)
    {
        using var document = JsonDocument.Parse(record.Settings);
        var root = document.RootElement;
        string[] Strings(string name) => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) ? PolicySettings.Strings(value) : [];
        string? Text(string name) => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        var policy = new ConditionalAccessPolicy(
            record.PolicyId,
            record.DisplayName ?? record.PolicyId,
            record.State,
            new ConditionalAccessUsers(
                Strings("includeUsers"),
                Strings("excludeUsers"),
                Strings("includeGroups"),
                Strings("excludeGroups"),
                Strings("includeRoles"),
                Strings("excludeRoles"),
                Strings("includeGuestsOrExternalUsers"),
                Strings("excludeGuestsOrExternalUsers")),
            new ConditionalAccessConditions(
                Strings("excludeApplications"),
                Strings("signInRiskLevels"),
                Strings("userRiskLevels"),
                Strings("insiderRiskLevels"),
                Strings("includeLocations"),
                Strings("excludeLocations"),
                Strings("includePlatforms"),
                Strings("excludePlatforms"),
                Text("deviceFilterMode")),
            Strings("includeApplications"),
            Strings("clientAppTypes"),
            Strings("authenticationFlows"),
            Text("grantOperator"),
            Strings("builtInControls"),
            Text("authenticationStrength"),
            Strings("authenticationStrengthCombinations"),
            new ConditionalAccessResources(Strings("includeUserActions"), Strings("includeAuthenticationContextClassReferences"), Text("applicationFilterMode")));
        return WithSessionAndStrength(policy, root); // issue 19 A3
    }
}

/// <summary>
/// The users a policy targets and excludes: object ids of users, groups and (built-in) role templates, and
/// the guest or external user types (<c>internalGuest</c>, <c>b2bCollaborationGuest</c> …) included or excluded.
/// </summary>
internal sealed record ConditionalAccessUsers(
    string[] IncludeUsers,
    string[] ExcludeUsers,
    string[] IncludeGroups,
    string[] ExcludeGroups,
    string[] IncludeRoles,
    string[] ExcludeRoles,
    string[] IncludeGuestsOrExternalUsers,
    string[] ExcludeGuestsOrExternalUsers);

/// <summary>
/// The conditions that make a policy apply to only some sign-ins or some applications. Each one the
/// Microsoft Entra admin center offers under "Conditions" (and "Target resources: Exclude") is here:
/// https://learn.microsoft.com/entra/identity/conditional-access/concept-conditional-access-conditions
/// (checked 2026-12-07): a policy applies only when every configured condition is met.
/// </summary>
internal sealed record ConditionalAccessConditions(
    string[] ExcludeApplications,
    string[] SignInRiskLevels,
    string[] UserRiskLevels,
    string[] InsiderRiskLevels,
    string[] IncludeLocations,
    string[] ExcludeLocations,
    string[] IncludePlatforms,
    string[] ExcludePlatforms,
    string? DeviceFilterMode)
{
    public IReadOnlyList<string> Narrowings { get; } = Describe(
        ExcludeApplications, SignInRiskLevels, UserRiskLevels, InsiderRiskLevels, IncludeLocations, ExcludeLocations, IncludePlatforms, ExcludePlatforms, DeviceFilterMode);

    private static List<string> Describe(
        string[] excludeApplications, string[] signInRisk, string[] userRisk, string[] insiderRisk, string[] includeLocations, string[] excludeLocations,
        string[] includePlatforms, string[] excludePlatforms, string? deviceFilterMode)
    {
        var why = new List<string>();
        if (excludeApplications.Length > 0)
        {
            why.Add($"excludes {excludeApplications.Length} application(s)");
        }

        // Graph sends an empty list for "any risk"; the SDK's "None" and "Unknown" values are not conditions either.
        string[] Levels(string[] levels) => levels.Where(l => !l.Equals("none", StringComparison.OrdinalIgnoreCase) && !l.Equals("unknownFutureValue", StringComparison.OrdinalIgnoreCase)).ToArray();
        if (Levels(signInRisk) is { Length: > 0 } signIn)
        {
            why.Add($"only at sign-in risk {string.Join(", ", signIn)}");
        }

        if (Levels(userRisk) is { Length: > 0 } user)
        {
            why.Add($"only at user risk {string.Join(", ", user)}");
        }

        if (Levels(insiderRisk) is { Length: > 0 } insider)
        {
            why.Add($"only at insider risk {string.Join(", ", insider)}");
        }

        if (includeLocations.Length > 0 && !PolicySettings.Has(includeLocations, "All"))
        {
            why.Add($"only from {Locations(includeLocations)}");
        }

        if (excludeLocations.Length > 0)
        {
            why.Add($"not from {Locations(excludeLocations)}");
        }

        if (includePlatforms.Length > 0 && !PolicySettings.Has(includePlatforms, "all"))
        {
            why.Add($"only on {string.Join(", ", includePlatforms)}");
        }

        if (excludePlatforms.Length > 0)
        {
            why.Add($"not on {string.Join(", ", excludePlatforms)}");
        }

        if (deviceFilterMode is { } mode)
        {
            why.Add(mode.Equals("include", StringComparison.OrdinalIgnoreCase) ? "only on devices matching a filter" : "not on devices matching a filter");
        }

        return why;
    }

    /// <summary>Named locations are ids; <c>AllTrusted</c> is the one keyword worth spelling out.</summary>
    private static string Locations(string[] locations)
    {
        var trusted = PolicySettings.Has(locations, "AllTrusted");
        var named = locations.Count(l => !l.Equals("AllTrusted", StringComparison.OrdinalIgnoreCase) && !l.Equals("All", StringComparison.OrdinalIgnoreCase));
        return (trusted, named) switch
        {
            (true, 0) => "trusted locations",
            (true, _) => $"trusted locations and {named} named location(s)",
            _ => $"{named} named location(s)",
        };
    }
}

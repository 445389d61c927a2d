using System.Text.Json;

namespace IdentityOps.Core.Rules.TenantPolicies;

// issue 19 A3: session controls, the device filter's rule and the authentication strength's id.
internal sealed partial record ConditionalAccessPolicy
{
    /// <summary>The id of the authentication strength the policy requires (built-in ones are <c>00000000-0000-0000-0000-00000000000{2,3,4}</c>).</summary>
    public string? AuthenticationStrengthId { get; init; }

    /// <summary>The device filter's rule (<c>device.isCompliant -ne True</c> …), with <see cref="ConditionalAccessConditions.DeviceFilterMode"/>.</summary>
    public string? DeviceFilterRule { get; init; }

    public ConditionalAccessSession Session { get; init; } = ConditionalAccessSession.None;

    /// <summary>The policy targets all users and all resources (users and applications "All"), whatever it excludes.</summary>
    public bool IncludesAllUsersAndApplications => TargetsAllUsers && TargetsAllApplications;

    private static ConditionalAccessPolicy WithSessionAndStrength(ConditionalAccessPolicy policy, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return policy;
        }

        string? Text(JsonElement parent, string name) => parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        var frequency = root.TryGetProperty("signInFrequency", out var f) && f.ValueKind == JsonValueKind.Object
            ? new SignInFrequency(Text(f, "interval"), f.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null, Text(f, "type"))
            : null;
        return policy with
        {
            AuthenticationStrengthId = Text(root, "authenticationStrengthId"),
            DeviceFilterRule = Text(root, "deviceFilterRule"),
            Session = new ConditionalAccessSession(
                frequency,
                Text(root, "persistentBrowser"),
                root.TryGetProperty("applicationEnforcedRestrictions", out var restrictions) && restrictions.ValueKind == JsonValueKind.True,
                Text(root, "cloudAppSecurity")),
        };
    }
}

/// <summary>
/// A policy's session controls, enabled ones only (Graph sends a disabled control as <c>isEnabled: false</c> or null).
/// https://learn.microsoft.com/entra/identity/conditional-access/concept-session-conditional-access-session (checked 2026-12-07).
/// </summary>
/// <param name="SignInFrequency">Reauthentication: time-based (every <c>value</c> hours or days) or every time.</param>
/// <param name="PersistentBrowserMode"><c>Never</c> or <c>Always</c>: whether the browser session survives closing the browser.</param>
/// <param name="ApplicationEnforcedRestrictions">Exchange Online and SharePoint Online apply their own limits to the session (unmanaged devices: web-only access).</param>
/// <param name="CloudAppSecurityType">Conditional Access App Control (Defender for Cloud Apps) mode, null when off.</param>
internal sealed record ConditionalAccessSession(SignInFrequency? SignInFrequency, string? PersistentBrowserMode, bool ApplicationEnforcedRestrictions, string? CloudAppSecurityType)
{
    public static ConditionalAccessSession None { get; } = new(null, null, false, null);

    public bool NeverPersistentBrowser => string.Equals(PersistentBrowserMode, "never", StringComparison.OrdinalIgnoreCase);

    public bool TimeBasedSignInFrequency => string.Equals(SignInFrequency?.Interval, "timeBased", StringComparison.OrdinalIgnoreCase);
}

/// <summary>An enabled sign-in frequency control: <paramref name="Interval"/> <c>TimeBased</c> (every <paramref name="Value"/> <paramref name="Type"/>) or <c>EveryTime</c>.</summary>
internal sealed record SignInFrequency(string? Interval, int? Value, string? Type)
{
    public string Describe() => string.Equals(Interval, "timeBased", StringComparison.OrdinalIgnoreCase)
        ? $"every {Value} {Type?.ToLowerInvariant()}"
        : "every time";
}

/// <summary>
/// Whether a policy's device filter leaves out managed devices, so that it applies to unmanaged ones: the patterns
/// Maester's Test-MtCaEnforceNonPersistentBrowserSession and Test-MtCaEnforceSignInFrequency match
/// (maester365/maester@6bf1d98 powershell/public/maester/entra/), case-insensitive as PowerShell's <c>-match</c> is.
/// Microsoft's template filters on <c>device.trustType</c> and <c>device.isCompliant</c>
/// (https://learn.microsoft.com/entra/identity/conditional-access/policy-all-users-persistent-browser, checked 2026-12-07).
/// </summary>
internal static class UnmanagedDeviceFilter
{
    // Maester's patterns are regular expressions whose only special character is the "." of "device.", so a
    // case-insensitive substring search is the same test, without a regex to time out.
    private const string NotCompliant = "device.isCompliant -ne True";
    private const string Compliant = "device.isCompliant -eq True";
    private const string NotHybridJoined = "device.trustType -ne \"ServerAD\"";
    private const string HybridJoined = "device.trustType -eq \"ServerAD\"";

    /// <summary>The filter singles out non-compliant devices: include "isCompliant -ne True" or exclude "isCompliant -eq True".</summary>
    public static bool ExcludesCompliant(ConditionalAccessPolicy policy) => Matches(policy, [NotCompliant], [Compliant]);

    /// <summary>The filter leaves out both compliant and hybrid-joined devices (trustType ServerAD), as Microsoft's template does.</summary>
    public static bool ExcludesCompliantAndHybridJoined(ConditionalAccessPolicy policy) => Matches(policy, [NotCompliant, NotHybridJoined], [Compliant, HybridJoined]);

    private static bool Matches(ConditionalAccessPolicy policy, string[] whenIncluding, string[] whenExcluding)
    {
        var rule = policy.DeviceFilterRule ?? "";
        bool All(string[] parts) => parts.All(part => rule.Contains(part, StringComparison.OrdinalIgnoreCase));
        return policy.Conditions.DeviceFilterMode switch
        {
            { } mode when mode.Equals("include", StringComparison.OrdinalIgnoreCase) => All(whenIncluding),
            { } mode when mode.Equals("exclude", StringComparison.OrdinalIgnoreCase) => All(whenExcluding),
            _ => false,
        };
    }
}

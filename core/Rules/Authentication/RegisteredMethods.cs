namespace IdentityOps.Core.Rules.Authentication;

/// <summary>
/// What the values of <c>userRegistrationDetails.methodsRegistered</c> are worth. Graph documents the property only as
/// "such as <c>mobilePhone</c>, <c>email</c>, <c>fido2</c>"; the other values are those Microsoft's authentication
/// method reports and its sign-in usage resource list (<c>fido2SecurityKey</c>, <c>passKeyDeviceBound…</c>,
/// <c>macOsSecureEnclaveKey</c>: userSignInUsageByAuthMethodActivity, microsoftgraph/microsoft-graph-docs-contrib).
/// </summary>
/// <remarks>
/// Phishing-resistant: the built-in "Phishing-resistant MFA" authentication strength allows Windows Hello for Business,
/// FIDO2 (passkeys: security keys and device-bound passkeys in Microsoft Authenticator, which the report names
/// <c>passKeyDeviceBound…</c>) and certificate-based MFA (https://learn.microsoft.com/entra/identity/authentication/concept-authentication-strengths,
/// not re-read this session); the macOS platform credential (<c>macOsSecureEnclaveKey</c>, Platform SSO) is a device-bound
/// key of the same kind. A certificate is bound to the user by the tenant's CBA configuration, not registered, and the
/// registration report does not list it: a user who signs in only with a smart card shows no phishing-resistant method here.
/// </remarks>
internal static class RegisteredMethods
{
    private static readonly HashSet<string> PhishingResistant = new(
        ["fido2", "fido2SecurityKey", "passKeyDeviceBound", "passKeyDeviceBoundAuthenticator", "passKeyDeviceBoundWindowsHello", "windowsHelloForBusiness", "macOsSecureEnclaveKey"],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>The telephone methods (a text message or a voice call to a number), interceptable by SIM swap or number porting.</summary>
    private static readonly HashSet<string> Telephone = new(["mobilePhone", "alternateMobilePhone", "officePhone"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Methods that are no second factor at all (Entra does not accept them for MFA): they do not make a telephone-only user stronger.</summary>
    private static readonly HashSet<string> NotMfa = new(["email", "securityQuestion"], StringComparer.OrdinalIgnoreCase);

    public static bool IsPhishingResistant(string method) => PhishingResistant.Contains(method);

    public static bool HasPhishingResistant(IEnumerable<string> methods) => methods.Any(IsPhishingResistant);

    /// <summary>At least one telephone method, and nothing else that is a second factor.</summary>
    public static bool TelephoneOnly(IReadOnlyCollection<string> methods)
        => methods.Any(Telephone.Contains) && methods.All(m => Telephone.Contains(m) || NotMfa.Contains(m));
}

using System.Text.Json.Nodes;

namespace IdentityOps.Emulator.Synthetic;

/// <summary>
/// The authentication strengths Graph lists at <c>/policies/authenticationStrengthPolicies</c> (issue 19 A3): the three
/// built-in ones, ids and combinations as Microsoft documents them (api-reference/v1.0/api/authenticationstrengthroot-list-policies.md,
/// Example 1; https://learn.microsoft.com/entra/identity/authentication/concept-authentication-strengths), and one custom
/// strength that looks strong and is not phishing-resistant: passkeys, Windows Hello, or passwordless phone sign-in.
/// </summary>
internal static class SyntheticAuthenticationStrengths
{
    public const string MultifactorId = "00000000-0000-0000-0000-000000000002";
    public const string PasswordlessId = "00000000-0000-0000-0000-000000000003";
    public const string PhishingResistantId = "00000000-0000-0000-0000-000000000004";
    public const string CustomPasswordlessId = "5f0c8e2a-3d41-4b7e-9a16-c2b8d4e7f903";

    public static readonly string[] PhishingResistantCombinations = ["windowsHelloForBusiness", "fido2", "x509CertificateMultiFactor"];

    private static readonly string[] MultifactorCombinations =
    [
        "windowsHelloForBusiness", "fido2", "x509CertificateMultiFactor", "deviceBasedPush", "temporaryAccessPassOneTime", "temporaryAccessPassMultiUse",
        "password,microsoftAuthenticatorPush", "password,softwareOath", "password,hardwareOath", "password,x509CertificateSingleFactor",
        "password,x509CertificateMultiFactor", "password,sms", "password,voice", "federatedMultiFactor", "microsoftAuthenticatorPush,federatedSingleFactor",
        "softwareOath,federatedSingleFactor", "hardwareOath,federatedSingleFactor", "sms,federatedSingleFactor", "voice,federatedSingleFactor",
    ];

    /// <summary>The built-in strengths and, when <paramref name="withCustom"/>, the tenant's custom one.</summary>
    public static JsonObject[] All(bool withCustom, DateTimeOffset customCreated) =>
    [
        BuiltIn(MultifactorId, "Multifactor authentication", "Combinations of methods that satisfy strong authentication, such as a password + SMS", MultifactorCombinations),
        BuiltIn(PasswordlessId, "Passwordless MFA", "Passwordless methods that satisfy strong authentication, such as Passwordless sign-in with the Microsoft Authenticator", ["windowsHelloForBusiness", "fido2", "x509CertificateMultiFactor", "deviceBasedPush"]),
        BuiltIn(PhishingResistantId, "Phishing-resistant MFA", "Phishing-resistant, Passwordless methods for the strongest authentication, such as a FIDO2 security key", PhishingResistantCombinations),
        .. withCustom
            ? new[] { Strength(CustomPasswordlessId, "Passkeys or passwordless phone sign-in", "Administrators: passkeys, Windows Hello or Authenticator passwordless sign-in", "custom", customCreated, ["fido2", "windowsHelloForBusiness", "deviceBasedPush"]) }
            : [],
    ];

    private static JsonObject BuiltIn(string id, string name, string description, string[] combinations)
        => Strength(id, name, description, "builtIn", new DateTimeOffset(2021, 12, 1, 0, 0, 0, TimeSpan.Zero), combinations);

    private static JsonObject Strength(string id, string name, string description, string policyType, DateTimeOffset created, string[] combinations) => new()
    {
        ["id"] = id,
        ["createdDateTime"] = SyntheticJson.Time(created),
        ["modifiedDateTime"] = SyntheticJson.Time(created),
        ["displayName"] = name,
        ["description"] = description,
        ["policyType"] = policyType,
        ["requirementsSatisfied"] = "mfa",
        ["allowedCombinations"] = SyntheticJson.Strings(combinations),
    };
}

namespace IdentityOps.Emulator.Synthetic;

/// <summary>
/// Recognisable values planted in fields the product must never store (secret text and hints, key
/// material, certificate thumbprints, IP addresses, user agents, devices, locations). A test that
/// scans the product's database for any of these proves the field was dropped at the Graph edge.
/// </summary>
public static class SyntheticCanaries
{
    /// <summary>The <c>hint</c> of every password credential (Graph returns the secret's first three characters).</summary>
    public const string SecretHint = "Zx9";

    /// <summary>Start of every <c>secretText</c> (Graph only returns it on creation; the synthetic tenant leaks it on purpose).</summary>
    public const string SecretTextPrefix = "CANARY-SECRET-";

    /// <summary>Decoded start of every certificate's <c>key</c> (the JSON carries it base64-encoded).</summary>
    public const string KeyMaterialPrefix = "CANARY-KEY-";

    /// <summary>Decoded start of every <c>customKeyIdentifier</c> (a 20-byte "thumbprint", base64 in the JSON).</summary>
    public const string CustomKeyIdentifierPrefix = "CANARYTP";

    /// <summary>
    /// Base64 of "CANARY": every base64 canary (<c>key</c>, <c>customKeyIdentifier</c>) starts with it,
    /// because six bytes encode to exactly eight characters.
    /// </summary>
    public const string Base64Prefix = "Q0FOQVJZ";

    /// <summary>Every sign-in's <c>ipAddress</c> is in 203.0.113.0/24 (TEST-NET-3, RFC 5737).</summary>
    public const string IpAddressPrefix = "203.0.113.";

    /// <summary>Contained in every sign-in's <c>userAgent</c>.</summary>
    public const string UserAgentMarker = "CANARY-UA";

    /// <summary>Start of every sign-in's <c>deviceDetail.displayName</c>.</summary>
    public const string DeviceNamePrefix = "CANARY-DEVICE-";

    /// <summary>Start of every sign-in's <c>location.city</c>.</summary>
    public const string CityPrefix = "CANARY-CITY-";

    /// <summary>The markers as they appear verbatim in the snapshot files.</summary>
    public static IReadOnlyList<string> VerbatimMarkers { get; } =
        [SecretHint, SecretTextPrefix, Base64Prefix, IpAddressPrefix, UserAgentMarker, DeviceNamePrefix, CityPrefix];
}

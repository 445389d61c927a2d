using System.Text.RegularExpressions;

namespace IdentityOps.Core.Trust.EvaluateTrust;

/// <summary>
/// The last guard before evidence is shown to anyone (the anonymous trust page, a stored attestation):
/// checks write public evidence, and whatever internal detail slips through anyway — a file path, a
/// certificate thumbprint or key material in hex, a connection string's parts — is replaced here.
/// </summary>
public static partial class PublicEvidence
{
    public const string Withheld = "[withheld]";

    public static string Redact(string evidence)
    {
        var redacted = ConnectionSetting().Replace(evidence, m => $"{m.Groups["name"].Value}={Withheld}");
        redacted = LongHex().Replace(redacted, Withheld);
        redacted = UnixPath().Replace(redacted, m => m.Groups["lead"].Value + Withheld);
        return WindowsPath().Replace(redacted, Withheld);
    }

    // Host=…; Password=… and the like (Npgsql, Azure Storage, SQL Server spellings).
    [GeneratedRegex(@"(?<name>\b(?:host|server|port|database|username|user id|uid|password|pwd|accountkey|sharedaccesssignature|accountname|defaultendpointsprotocol|endpointsuffix|data source))\s*=\s*[^;\s]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ConnectionSetting();

    // A certificate thumbprint is 40 hex digits, a SHA-256 64: 32 or more hex digits in a row is a fingerprint or a key, never prose.
    [GeneratedRegex(@"\b[0-9A-Fa-f]{32,}\b", RegexOptions.CultureInvariant)]
    private static partial Regex LongHex();

    // An absolute path of two or more segments (a CIDR such as 10.0.0.0/8 or fc00::/7 has one, after a digit or colon).
    [GeneratedRegex(@"(?<lead>^|[\s(""'=:,])/(?:[\w.\-~]+/)+[\w.\-~]*", RegexOptions.CultureInvariant)]
    private static partial Regex UnixPath();

    [GeneratedRegex(@"\b[A-Za-z]:\\[^\s;,)]*|\\\\[^\s;,)]+", RegexOptions.CultureInvariant)]
    private static partial Regex WindowsPath();
}

using System.Text.RegularExpressions;
using IdentityOps.Core.Persistence;

namespace IdentityOps.Core.Trust.Checks;

/// <summary>
/// Reads every column of the live schema and names those whose name or type could hold what we
/// promise never to store. Shared by the live check and the schema test, so both judge the same way.
/// </summary>
public static partial class MetadataColumns
{
    /// <summary>Binary columns are allowed only with a stated reason: ciphertext we produce, or our own hashes and signatures.</summary>
    public static IReadOnlyDictionary<string, string> JustifiedBinaryColumns { get; } = new Dictionary<string, string>
    {
        ["server_sessions.id_hash"] = "SHA-256 of the opaque session id, never the id itself",
        ["server_sessions.protected_ticket"] = "Data Protection ciphertext (AES-256-GCM) of the sign-in ticket",
        ["token_cache_entries.protected_value"] = "Data Protection ciphertext (AES-256-GCM) of MSAL's cache entry",
        ["tenant_deletion_confirmations.confirmation_hash"] = "SHA-256 of the single-use deletion confirmation token, never the token itself",
        ["webhook_endpoints.protected_signing_material"] = "Data Protection ciphertext (AES-256-GCM) of the webhook signing secret",
        ["host_attestations.signature"] = "ECDSA P-256 signature of a host's attestation of its trust evidence",
        ["webhook_endpoints.protected_url"] = "Data Protection ciphertext (AES-256-GCM) of the webhook URL, whose path and query are the receiver's bearer secret",
        ["audit_events.previous_hash"] = "SHA-256 chain link",
        ["audit_events.hash"] = "SHA-256 chain link",
        ["operator_audit_events.previous_hash"] = "SHA-256 chain link",
        ["operator_audit_events.hash"] = "SHA-256 chain link",
        ["audit_anchors.head_hash"] = "the SHA-256 chain link an anchor vouches for",
        ["audit_anchors.signature"] = "HMAC-SHA256 of the anchored head",
        ["operator_audit_anchors.head_hash"] = "the SHA-256 chain link an anchor vouches for",
        ["operator_audit_anchors.signature"] = "HMAC-SHA256 of the anchored head",
    };

    // Words that name what we promise never to store: secret values and hints, passwords, tokens,
    // key or certificate material, and the network traces of sign-ins (IP, user agent, device, place).
    [GeneratedRegex(
        @"(^|_)(secret|secrets|secret_text|password|passwd|pwd|hint|token|tokens|jwt|bearer|key|keys|private|certificate|cert|pfx|pem|blob|custom_key_identifier|ip|ips|ipaddress|ip_address|user_agent|useragent|agent|device|devices|location|locations|geo|latitude|longitude|city|country)(_|$)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ForbiddenColumnName();

    // A flag or a point in time cannot carry a secret, whatever it is called (for example
    // applications.implicit_access_token_issuance, a boolean Graph setting).
    private static readonly HashSet<string> ValuelessTypes = ["bool", "timestamptz", "timestamp", "date"];

    private static readonly HashSet<string> ForbiddenTypes = ["inet", "cidr", "macaddr", "macaddr8"];

    public sealed record Inspection(int Columns, IReadOnlyList<string> Offenders, IReadOnlyList<string> MissingJustifiedColumns);

    public static async Task<Inspection> InspectAsync(DatabaseCatalog catalog, CancellationToken cancellationToken)
        => Inspect(await catalog.ColumnsAsync(cancellationToken));

    public static Inspection Inspect(IReadOnlyList<(string Column, string Type)> columns)
    {
        var offenders = columns
            .Where(c => (ForbiddenColumnName().IsMatch(c.Column.Split('.')[1]) && !ValuelessTypes.Contains(c.Type)) || ForbiddenTypes.Contains(c.Type)
                        || (c.Type == "bytea" && !JustifiedBinaryColumns.ContainsKey(c.Column)))
            .Select(c => $"{c.Column} ({c.Type})")
            .ToList();
        var missing = JustifiedBinaryColumns.Keys.Where(j => !columns.Any(c => c.Column == j)).ToList();
        return new Inspection(columns.Count, offenders, missing);
    }
}

/// <summary>Metadata only: no column of the running schema can hold a secret, token, certificate or network trace.</summary>
public sealed class MetadataOnlyCheck(DatabaseCatalog catalog) : ITrustCheck
{
    public string ClaimId => TrustClaimIds.MetadataOnly;

    public async Task<TrustCheckResult> EvaluateAsync(CancellationToken cancellationToken)
    {
        // The application's role sees every table it reads and writes, which is all the inventory.
        var inspection = await MetadataColumns.InspectAsync(catalog, cancellationToken);
        return inspection.Offenders.Count == 0
            ? TrustCheckResult.Met($"{inspection.Columns} stored columns inspected: none can hold a secret, token, certificate or network trace; binary columns are only our ciphertext, hashes and signatures")
            : TrustCheckResult.Failing($"columns that could hold secrets: {string.Join(", ", inspection.Offenders)}");
    }
}

using System.Net;
using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.Applications;

/// <summary>An app registration's redirect URIs (web, single-page and public client), parsed once.</summary>
internal static class RedirectUris
{
    public static readonly string[] EvidenceFields = ["displayName", "appId", "redirectUris"];

    /// <summary>
    /// Shared hosting domains where anyone can claim a free subdomain once the tenant deletes its own
    /// (dangling-DNS / subdomain takeover; Microsoft "Prevent dangling DNS entries").
    /// </summary>
    private static readonly string[] SharedCloudSuffixes =
    [
        ".azurewebsites.net", ".cloudapp.net", ".cloudapp.azure.com", ".azurestaticapps.net", ".trafficmanager.net", ".blob.core.windows.net",
        ".azureedge.net", ".azurefd.net", ".azure-api.net", ".azurecontainerapps.io", ".herokuapp.com", ".netlify.app", ".vercel.app",
        ".github.io", ".firebaseapp.com", ".web.app", ".pages.dev", ".ngrok.io", ".ngrok-free.app",
    ];

    public static IEnumerable<string> All(ApplicationRecord app)
        => Sorted(app.WebRedirectUris.Concat(app.SpaRedirectUris).Concat(app.PublicClientRedirectUris));

    /// <summary>The web and single-page redirect URIs: the platforms a browser signs in to, where a loopback address is a development leftover.</summary>
    public static IEnumerable<string> WebAndSpa(ApplicationRecord app)
        => Sorted(app.WebRedirectUris.Concat(app.SpaRedirectUris));

    public static bool HasWildcard(string uri) => uri.Contains('*', StringComparison.Ordinal);

    /// <summary>
    /// http to anything but the loopback interface. Microsoft's redirect URI rules accept http only for localhost, and
    /// RFC 8252 (7.3, 8.3) explains why loopback is fine: the response never leaves the device. The loopback test is
    /// <see cref="IsLoopback"/>, the same one the localhost rule uses, so no URI is judged by both or by neither.
    /// </summary>
    public static bool IsPlainHttp(string uri) => uri.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !IsLoopback(uri);

    /// <summary>
    /// A loopback redirect: <c>localhost</c>, any 127.0.0.0/8 address (RFC 8252 7.3 names 127.0.0.1; the whole block is
    /// loopback, RFC 1122 3.2.1.3) or the IPv6 loopback in any spelling.
    /// </summary>
    public static bool IsLoopback(string uri)
        => Host(uri) is { } host
            && (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
                || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address)));

    public static bool IsOnSharedCloudDomain(string uri)
        => Host(uri) is { } host && SharedCloudSuffixes.Any(suffix => host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase));

    public static RuleHit Hit(ApplicationRecord app, IEnumerable<string> uris)
        => new(app.ObjectId.ToString(), app.DisplayName, new Evidence
        {
            { "displayName", app.DisplayName },
            { "appId", app.AppId },
            { "redirectUris", uris.ToList() },
        });

    private static IEnumerable<string> Sorted(IEnumerable<string> uris) => uris.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);

    private static string? Host(string uri)
    {
        // Wildcards make Uri parsing fail; the host is what sits between "://" and the next "/" or ":".
        var start = uri.IndexOf("://", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        var rest = uri[(start + 3)..];
        var end = rest.IndexOfAny(['/', '?', '#']);
        var authority = end < 0 ? rest : rest[..end];
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            return close > 0 ? authority[..(close + 1)] : authority;
        }

        var colon = authority.LastIndexOf(':');
        return colon >= 0 ? authority[..colon] : authority;
    }
}

/// <summary>A rule about redirect URIs of one kind: a finding per app with at least one such URI, listing them all.</summary>
public abstract class RedirectUriRule : PostureRule
{
    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
        => inventory.Applications
            .Select(app => (app, uris: Candidates(app).Where(Matches).ToList()))
            .Where(m => m.uris.Count > 0)
            .Select(m => RedirectUris.Hit(m.app, m.uris));

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => inventory.Applications.Count;

    /// <summary>The redirect URIs the rule judges: all platforms unless the rule says otherwise.</summary>
    protected virtual IEnumerable<string> Candidates(ApplicationRecord app) => RedirectUris.All(app);

    protected abstract bool Matches(string uri);
}

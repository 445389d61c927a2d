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
        => app.WebRedirectUris.Concat(app.SpaRedirectUris).Concat(app.PublicClientRedirectUris).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);

    public static bool HasWildcard(string uri) => uri.Contains('*', StringComparison.Ordinal);

    public static bool IsPlainHttp(string uri) => uri.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !IsLocalhost(uri);

    public static bool IsLocalhost(string uri)
        => Host(uri) is { } host && (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host == "127.0.0.1" || host == "[::1]");

    public static bool IsOnSharedCloudDomain(string uri)
        => Host(uri) is { } host && SharedCloudSuffixes.Any(suffix => host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase));

    public static RuleHit Hit(ApplicationRecord app, IEnumerable<string> uris)
        => new(app.ObjectId.ToString(), app.DisplayName, new Evidence
        {
            { "displayName", app.DisplayName },
            { "appId", app.AppId },
            { "redirectUris", uris.ToList() },
        });

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
            .Select(app => (app, uris: RedirectUris.All(app).Where(Matches).ToList()))
            .Where(m => m.uris.Count > 0)
            .Select(m => RedirectUris.Hit(m.app, m.uris));

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => inventory.Applications.Count;

    protected abstract bool Matches(string uri);
}

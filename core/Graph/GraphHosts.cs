using System.ComponentModel.DataAnnotations;
using Microsoft.Kiota.Abstractions.Authentication;

namespace IdentityOps.Core.Graph;

/// <summary>
/// The hosts a Graph token may be sent to. Bound from the <c>Graph</c> section. Microsoft Graph's global host is always
/// allowed; a deployment that reads a national cloud names its host here (graph.microsoft.us, dod-graph.microsoft.us,
/// microsoftgraph.chinacloudapi.cn: https://learn.microsoft.com/graph/deployments), and a test names its emulator's host.
/// Each entry is one exact host: Kiota's <see cref="AllowedHostsValidator"/> reads a leading "." as "any subdomain"
/// and an empty list as "every host", so neither is accepted.
/// </summary>
public sealed class GraphHostOptions : IValidatableObject
{
    public const string Section = "Graph";

    /// <summary>Microsoft Graph's global service root host.</summary>
    public const string GlobalHost = "graph.microsoft.com";

    /// <summary>Hosts allowed besides <see cref="GlobalHost"/>. The default is none.</summary>
    public List<string> AdditionalHosts { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
        => AdditionalHosts.Where(h => !GraphHosts.IsExactHostName(h))
            .Select(h => new ValidationResult($"Graph:AdditionalHosts holds '{h}', which is not one exact host name (no scheme, port, path or wildcard).", [nameof(AdditionalHosts)]));
}

/// <summary>
/// Where a delegated Graph token may go: <see cref="GraphHostOptions.GlobalHost"/> and the configured hosts, compared
/// exactly by Kiota's <see cref="AllowedHostsValidator"/>. A link Graph hands back (<c>@odata.nextLink</c>, a delta link
/// the scan stored) names its own host, so it is checked against this, not trusted.
/// </summary>
public sealed class GraphHosts
{
    public static GraphHosts Global { get; } = new([]);

    public GraphHosts(IEnumerable<string> additionalHosts)
    {
        var hosts = additionalHosts.Prepend(GraphHostOptions.GlobalHost).ToList();
        var wrong = hosts.FirstOrDefault(h => !IsExactHostName(h));
        if (wrong is not null)
        {
            throw new ArgumentException($"'{wrong}' is not one exact host name (no scheme, port, path or wildcard).", nameof(additionalHosts));
        }

        Names = hosts.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    public IReadOnlyList<string> Names { get; }

    /// <summary>A fresh validator per token provider: <see cref="AllowedHostsValidator.AllowedHosts"/> has a public setter.</summary>
    public AllowedHostsValidator CreateValidator() => new(Names);

    /// <summary>Whether a request to <paramref name="uri"/> may carry a Graph token: https to one of <see cref="Names"/>.</summary>
    public bool Allows(Uri uri)
        => uri.IsAbsoluteUri && uri.Scheme == Uri.UriSchemeHttps && string.IsNullOrEmpty(uri.UserInfo) && CreateValidator().IsUrlHostValid(uri);

    internal static bool IsExactHostName(string? host)
        => !string.IsNullOrWhiteSpace(host)
           && Uri.CheckHostName(host) == UriHostNameType.Dns
           && !host.StartsWith('.')
           && !host.EndsWith('.')
           && !host.Contains('*', StringComparison.Ordinal);
}

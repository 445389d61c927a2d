namespace IdentityOps.Core.Alerts.Webhooks;

/// <summary>
/// What a webhook URL may be when it is saved: absolute https, no user information, a host name or
/// public address. Saving is only the first check; the connect-time check in
/// <see cref="SafeOutboundHttpHandler"/> is the one that holds (a name may resolve elsewhere later).
/// </summary>
public static class WebhookUrl
{
    public static IReadOnlyDictionary<string, string[]> Validate(string? url, string? description)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (url is not { Length: > 0 and <= 2048 }
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || uri.Scheme != Uri.UriSchemeHttps
            || !string.IsNullOrEmpty(uri.UserInfo)
            || !string.IsNullOrEmpty(uri.Fragment)
            || (System.Net.IPAddress.TryParse(uri.DnsSafeHost, out var literal) && OutboundAddressPolicy.IsForbidden(literal))
            || uri.IsLoopback)
        {
            errors["url"] = ["An absolute https URL (up to 2048 characters, no user name or fragment) whose host is not loopback, private, link-local or reserved."];
        }

        if (description is { Length: > 256 })
        {
            errors["description"] = ["A description of up to 256 characters."];
        }

        return errors;
    }
}

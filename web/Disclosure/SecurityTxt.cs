using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;

namespace IdentityOps.Web.Disclosure;

/// <summary>
/// <c>/.well-known/security.txt</c> (RFC 9116, https://www.rfc-editor.org/rfc/rfc9116): Contact, Expires,
/// Preferred-Languages, Canonical and Policy, served anonymously as <c>text/plain; charset=utf-8</c> (section 3),
/// and the vulnerability-disclosure page it points to.
/// </summary>
public static class SecurityTxt
{
    public const string Path = "/.well-known/security.txt";

    public const string PolicyPath = "/vulnerability-disclosure";

    /// <summary>The file for the moment <paramref name="now"/>: Expires is <see cref="DisclosureOptions.ExpiresAfterDays"/> later, at the start of that day (UTC).</summary>
    public static string Render(DisclosureOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(options);
        var origin = options.PublicOrigin!.GetLeftPart(UriPartial.Authority);
        var expires = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(options.ExpiresAfterDays);
        var text = new StringBuilder();
        text.Append("# IdentityOps vulnerability disclosure. Policy and scope: ").Append(origin).Append(PolicyPath).Append('\n');
        foreach (var contact in options.Contact)
        {
            text.Append("Contact: ").Append(contact).Append('\n');
        }

        // RFC 9116 section 2.5.5: an RFC 3339 date-time, less than a year ahead.
        text.Append("Expires: ").Append(expires.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append('\n');
        text.Append("Preferred-Languages: ").Append(options.PreferredLanguages).Append('\n');
        text.Append("Canonical: ").Append(origin).Append(Path).Append('\n');
        text.Append("Policy: ").Append(origin).Append(PolicyPath).Append('\n');
        return text.ToString();
    }

    /// <summary>The disclosure settings, validated when the app starts.</summary>
    public static IServiceCollection AddVulnerabilityDisclosure(this IServiceCollection services)
    {
        services.AddOptions<DisclosureOptions>().BindConfiguration(DisclosureOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }

    public static IEndpointRouteBuilder MapSecurityTxt(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, (IOptions<DisclosureOptions> options, TimeProvider time) => Results.Text(Render(options.Value, time.GetUtcNow()), "text/plain; charset=utf-8"))
            .AllowAnonymous();
        return app;
    }
}

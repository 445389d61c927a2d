using System.ComponentModel.DataAnnotations;

namespace IdentityOps.Web.Disclosure;

/// <summary>
/// How security researchers reach us: the <c>/.well-known/security.txt</c> fields (RFC 9116) and the
/// vulnerability-disclosure page. Bound from <c>Disclosure</c>; required, checked at start-up, so a deployment
/// without a way to report a vulnerability does not start.
/// </summary>
public sealed class DisclosureOptions : IValidatableObject
{
    public const string Section = "Disclosure";

    /// <summary>Where to report, most preferred first: <c>mailto:</c>, <c>https:</c> or <c>tel:</c> URIs (RFC 9116 section 2.5.3).</summary>
    [Required, MinLength(1)]
    public string[] Contact { get; set; } = [];

    /// <summary>The web app's public https origin (no path), for the Canonical and Policy URLs.</summary>
    [Required]
    public Uri? PublicOrigin { get; set; }

    /// <summary>Languages reports may be written in, as RFC 5646 tags separated by commas. The default is <c>en</c>.</summary>
    [Required, RegularExpression("^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*(, ?[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*)*$")]
    public string PreferredLanguages { get; set; } = "en";

    /// <summary>
    /// How far ahead the file's Expires lies, from the moment it is served. RFC 9116 section 2.5.5 recommends less
    /// than a year; the default is 180 days. Computed per request so the file cannot silently expire; what keeps
    /// it true is that the contacts come from live configuration.
    /// </summary>
    [Range(1, 364)]
    public int ExpiresAfterDays { get; set; } = 180;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var contact in Contact)
        {
            if (!Uri.TryCreate(contact, UriKind.Absolute, out var uri) || uri.Scheme is not ("mailto" or "https" or "tel"))
            {
                yield return new ValidationResult($"Disclosure:Contact '{contact}' is not a mailto:, https: or tel: URI.", [nameof(Contact)]);
            }
        }

        if (PublicOrigin is { } origin && (!origin.IsAbsoluteUri || origin.Scheme != Uri.UriSchemeHttps || origin.AbsolutePath != "/" || !string.IsNullOrEmpty(origin.Query)))
        {
            yield return new ValidationResult("Disclosure:PublicOrigin is the app's https origin, with no path or query.", [nameof(PublicOrigin)]);
        }
    }
}

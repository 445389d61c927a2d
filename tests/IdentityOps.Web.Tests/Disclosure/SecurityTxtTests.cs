using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using IdentityOps.Web.Disclosure;
using IdentityOps.Web.Testing;

namespace IdentityOps.Web.Tests.Disclosure;

/// <summary>
/// <c>/.well-known/security.txt</c> read as RFC 9116 says a researcher's tool reads it
/// (https://www.rfc-editor.org/rfc/rfc9116, sections 2.2–2.5 and 3), served to anyone, with a Policy that leads
/// to the disclosure page, and an Expires that never lies behind the app's clock nor a year ahead of it.
/// </summary>
public sealed partial class SecurityTxtTests(WebAuthFixture fixture) : IClassFixture<WebAuthFixture>
{
    private static readonly HashSet<string> RegisteredFields = new(StringComparer.OrdinalIgnoreCase)
    {
        "Acknowledgments", "Canonical", "Contact", "Encryption", "Expires", "Hiring", "Policy", "Preferred-Languages", // RFC 9116 section 6.4
    };

    [Fact]
    public async Task An_anonymous_visitor_gets_a_valid_security_txt_whose_policy_is_the_disclosure_page()
    {
        await using var app = fixture.CreateApp();
        using var browser = app.NewBrowser();

        using var response = await browser.GetAsync(SecurityTxt.Path);
        var fields = Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType?.ToString()); // section 3
        Assert.All(fields, f => Assert.Contains(f.Name, RegisteredFields));

        // Contact: one or more, each a mailto:, https: or tel: URI (section 2.5.3).
        var contacts = Values(fields, "Contact");
        Assert.NotEmpty(contacts);
        Assert.All(contacts, c => Assert.True(Uri.TryCreate(c, UriKind.Absolute, out var uri) && uri.Scheme is "mailto" or "https" or "tel", c));

        // Expires: exactly once, RFC 3339, in the future and less than a year ahead (section 2.5.5).
        var expires = DateTimeOffset.Parse(Assert.Single(Values(fields, "Expires")), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        Assert.Matches(Rfc3339(), Values(fields, "Expires")[0]);
        AssertExpiresAheadOf(app.Clock.GetUtcNow(), expires);

        // Canonical: the https URI this file is served at (section 2.5.2); Preferred-Languages: once, RFC 5646 tags (2.5.8).
        Assert.Equal($"{WebAuthFixture.AppOrigin}{SecurityTxt.Path}", Assert.Single(Values(fields, "Canonical")));
        Assert.All(Assert.Single(Values(fields, "Preferred-Languages")).Split(',', StringSplitOptions.TrimEntries), tag => Assert.Matches("^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$", tag));

        // Policy: an https URI (section 2.5.7) that anyone can open, showing the same contacts.
        var policy = new Uri(Assert.Single(Values(fields, "Policy")));
        Assert.Equal(Uri.UriSchemeHttps, policy.Scheme);
        using var page = await browser.GetAsync(policy.PathAndQuery);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Vulnerability disclosure", html, StringComparison.Ordinal);
        Assert.All(contacts, c => Assert.Contains(DisclosureModelShown(c), html, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Expires_moves_with_the_clock_so_the_file_never_expires_and_never_lies_a_year_ahead()
    {
        await using var app = fixture.CreateApp();
        using var browser = app.NewBrowser();

        foreach (var days in new[] { 0, 200, 400, 3000 })
        {
            app.Clock.Advance(TimeSpan.FromDays(days));
            var fields = Parse(await (await browser.GetAsync(SecurityTxt.Path)).Content.ReadAsStringAsync());
            var expires = DateTimeOffset.Parse(Assert.Single(Values(fields, "Expires")), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            AssertExpiresAheadOf(app.Clock.GetUtcNow(), expires);
        }
    }

    [Theory]
    [InlineData("Disclosure:Contact:0", null)]
    [InlineData("Disclosure:Contact:0", "http://security.example/report")]
    [InlineData("Disclosure:PublicOrigin", null)]
    [InlineData("Disclosure:PublicOrigin", "http://identityops.test")]
    [InlineData("Disclosure:PublicOrigin", "https://identityops.test/app")]
    [InlineData("Disclosure:ExpiresAfterDays", "365")]
    public async Task The_app_does_not_start_without_a_valid_way_to_report(string key, string? value)
    {
        await using var app = fixture.CreateApp(configuration =>
        {
            if (value is null)
            {
                configuration.Remove(key);
            }
            else
            {
                configuration[key] = value;
            }
        });

        var error = Assert.ThrowsAny<Exception>(() => app.NewBrowser());

        Assert.Contains("Disclosure", error.ToString(), StringComparison.Ordinal);
    }

    private static void AssertExpiresAheadOf(DateTimeOffset now, DateTimeOffset expires)
    {
        Assert.True(expires > now, $"Expires {expires:O} is not after {now:O}");
        Assert.True(expires < now.AddYears(1), $"Expires {expires:O} is a year or more after {now:O}");
    }

    private static string DisclosureModelShown(string contact) => IdentityOps.Web.Pages.DisclosureModel.Shown(contact);

    private static List<string> Values(List<(string Name, string Value)> fields, string name)
        => [.. fields.Where(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase)).Select(f => f.Value)];

    /// <summary>Section 2.2/4: lines end in LF or CRLF; "#" starts a comment; a field is "Name: value".</summary>
    private static List<(string Name, string Value)> Parse(string text)
    {
        var fields = new List<(string, string)>();
        foreach (var line in text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            var match = FieldLine().Match(line);
            Assert.True(match.Success, $"not a field line: {line}");
            fields.Add((match.Groups[1].Value, match.Groups[2].Value));
        }

        return fields;
    }

    [GeneratedRegex(@"^([A-Za-z0-9-]+): ?(\S.*)$")]
    private static partial Regex FieldLine();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex Rfc3339();
}

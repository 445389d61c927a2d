using System.Net;
using IdentityOps.Core.Rules.Templates;

namespace IdentityOps.Core.Reports;

/// <summary>
/// Text already made safe for HTML: the report's view model holds only these (and numbers), so the
/// report template cannot place a tenant value into the page unencoded. A test checks the view model
/// for plain strings.
/// </summary>
public sealed class SafeHtml
{
    private readonly string html;

    private SafeHtml(string html) => this.html = html;

    /// <summary>Tenant or scan text: controls made visible, cut for display, HTML-encoded.</summary>
    public static SafeHtml Text(string? value, int maximumLength = DisplayText.MaximumLength)
        => new(WebUtility.HtmlEncode(DisplayText.Visible(value, maximumLength)));

    /// <summary>Markup the product itself builds from numbers (the trend chart); never from tenant text.</summary>
    internal static SafeHtml Trusted(string markup) => new(markup);

    public override string ToString() => html;
}

using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IdentityOps.Web.Authentication;

/// <summary>
/// The few plain pages of sign-in and onboarding (messages, and forms that post with an antiforgery
/// token). No inline script or style, so they hold under the content security policy; the lead's
/// Razor layout may replace them.
/// </summary>
internal static class AuthenticationPages
{
    public static ContentHttpResult Message(string title, string message, int statusCode = StatusCodes.Status200OK, string? extraHtml = null)
        => Page(title, $"<p>{WebUtility.HtmlEncode(message)}</p>{extraHtml}", statusCode);

    /// <summary>A form that posts to <paramref name="action"/> with this request's antiforgery token.</summary>
    public static string PostForm(HttpContext context, string action, string buttonText)
    {
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        return $"""<form method="post" action="{WebUtility.HtmlEncode(action)}"><input type="hidden" name="{WebUtility.HtmlEncode(tokens.FormFieldName)}" value="{WebUtility.HtmlEncode(tokens.RequestToken)}" /><button type="submit">{WebUtility.HtmlEncode(buttonText)}</button></form>""";
    }

    private static ContentHttpResult Page(string title, string bodyHtml, int statusCode)
        => TypedResults.Content(
            $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>{WebUtility.HtmlEncode(title)} · IdentityOps</title></head>
            <body><main><h1>{WebUtility.HtmlEncode(title)}</h1>{bodyHtml}</main></body></html>
            """,
            "text/html; charset=utf-8",
            System.Text.Encoding.UTF8,
            statusCode);
}

using IdentityOps.Web.Authentication;

namespace IdentityOps.Web.Extensions;

/// <summary>
/// Security headers on every response. The content security policy allows no inline script or style
/// (pages load their script and CSS from this origin), forms post only here or to the identity
/// provider, and no site may frame the app. HSTS outside Development, on HTTPS.
/// </summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next, WebSignInSettings settings, IHostEnvironment environment)
{
    private readonly string contentSecurityPolicy = string.Join("; ",
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'" + (settings.Instance is { } instance ? " " + instance.GetLeftPart(UriPartial.Authority) : string.Empty),
        "frame-ancestors 'none'");

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            // An endpoint with a stricter policy of its own (the CISO report pins its one style block by hash) keeps it.
            if (string.IsNullOrEmpty(headers.ContentSecurityPolicy))
            {
                headers.ContentSecurityPolicy = contentSecurityPolicy;
            }

            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            if (!environment.IsDevelopment() && context.Request.IsHttps)
            {
                headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
            }

            return Task.CompletedTask;
        });
        return next(context);
    }
}

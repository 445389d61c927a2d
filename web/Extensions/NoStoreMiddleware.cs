namespace IdentityOps.Web.Extensions;

/// <summary>
/// <c>Cache-Control: no-store</c> on every response the app computes (pages, the report, findings.json,
/// findings.csv, API answers, redirects and errors), so no browser, proxy or CDN keeps a copy of a tenant's
/// data: one place in the pipeline, so a new endpoint cannot forget it. It runs after the static files, which
/// are the same for everyone and stay cacheable; it replaces whatever an endpoint set.
/// <c>no-store</c> alone: RFC 9111 section 5.2.2.5 ("a cache MUST NOT store any part of either the immediate
/// request or the response"). No <c>Pragma: no-cache</c>: RFC 9111 section 5.4 deprecates Pragma and leaves
/// its meaning in responses unspecified (RFC 7234 section 5.4 already did), and every client we serve is
/// HTTP/1.1 or later; OWASP ASVS 4.0.3 V8.2.1 asks for "sufficient anti-caching headers".
/// </summary>
internal sealed class NoStoreMiddleware(RequestDelegate next)
{
    public const string Value = "no-store";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(
            static state =>
            {
                ((HttpResponse)state).Headers.CacheControl = Value;
                return Task.CompletedTask;
            },
            context.Response);
        return next(context);
    }
}

/// <summary>Registration of <see cref="NoStoreMiddleware"/>.</summary>
internal static class NoStoreExtensions
{
    /// <summary>Call after <c>UseStaticFiles</c> and before anything that answers with tenant data.</summary>
    public static WebApplication UseNoStoreResponses(this WebApplication app)
    {
        app.UseMiddleware<NoStoreMiddleware>();
        return app;
    }
}

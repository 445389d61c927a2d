using System.Net;
using System.Security.Cryptography.X509Certificates;
using IdentityOps.Core.Trust;
using IdentityOps.Testing.Identity;
using IdentityOps.Web.Extensions;
using IdentityOps.Web.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityOps.Security.Tests.Meta;

/// <summary>
/// The anonymous trust page (issue 18 item 11): it shows what was checked and the result, never the
/// internals (paths, thumbprints, connection details, exception text); it evaluates the report once
/// for many visitors; and a burst from one client is refused with 429 and Retry-After.
/// </summary>
public sealed class TrustPageTests(WebAuthFixture fixture) : IClassFixture<WebAuthFixture>
{
    private const string ThrownPath = "/srv/identityops/secret-keys/ring";
    private const string ThrownConnection = "Host=db-internal.example;Username=identityops_app;Password=hunter2-not-a-secret";
    private const string ThrownText = "the probe exploded";

    [Fact]
    public async Task The_page_shows_no_path_thumbprint_connection_or_exception_text_even_when_a_check_throws()
    {
        await using var app = fixture.CreateApp(services: s => s.AddScoped<ITrustCheck>(_ => new ThrowingCheck()));
        using var browser = app.NewBrowser();

        var response = await browser.NavigateAsync("/trust");
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var configuration = fixture.Configuration();
        var keyRing = configuration["TokenProtection:KeyRingPath"]!;
        using var certificate = X509CertificateLoader.LoadPkcs12FromFile(configuration["TokenProtection:KeyEncryptionCertificatePath"]!, TestKeyRing.CertificatePassword);
        var leaks = new[] { keyRing, Path.GetDirectoryName(keyRing)!, certificate.Thumbprint, certificate.Thumbprint.ToLowerInvariant(), ThrownPath, "db-internal.example", "hunter2", ThrownText, nameof(InvalidOperationException) }
            .Where(l => page.Contains(l, StringComparison.Ordinal))
            .ToList();
        Assert.True(leaks.Count == 0, $"the public page shows: {string.Join(", ", leaks)}");

        // The claims are still there, with what was checked and the result.
        Assert.Contains("id=\"keys-apart\"", page, StringComparison.Ordinal);
        Assert.Contains("the check could not run", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Many_visitors_at_once_and_after_each_other_get_one_evaluation()
    {
        var counter = new CountingCheck();
        await using var app = fixture.CreateApp(services: s => s.AddSingleton<ITrustCheck>(counter));
        using var browser = app.NewBrowser();

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var visitor = app.NewBrowser();
            return await visitor.NavigateAsync("/trust");
        }));
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await browser.NavigateAsync("/trust")).StatusCode);
        }

        Assert.All(concurrent, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, counter.Evaluations);
    }

    [Fact]
    public async Task A_burst_from_one_client_beyond_the_limit_gets_429_with_retry_after()
    {
        await using var app = fixture.CreateApp();
        using var browser = app.NewBrowser();

        var statuses = new List<HttpResponseMessage>();
        for (var i = 0; i <= TrustPageExtensions.RateLimitPermits; i++)
        {
            statuses.Add(await browser.NavigateAsync("/trust"));
        }

        Assert.All(statuses[..^1], r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var refused = statuses[^1];
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta is { } wait && wait > TimeSpan.Zero, $"Retry-After: {refused.Headers.RetryAfter}");
    }

    private sealed class ThrowingCheck : ITrustCheck
    {
        public string ClaimId => TrustClaimIds.TenantIsolation;

        public Task<TrustCheckResult> EvaluateAsync(CancellationToken cancellationToken)
            => throw new InvalidOperationException($"{ThrownText} reading {ThrownPath} over {ThrownConnection}");
    }

    private sealed class CountingCheck : ITrustCheck
    {
        private int evaluations;

        public int Evaluations => Volatile.Read(ref evaluations);

        // A claim no host attests: the start-up attestation does not run this check, only the page does.
        public string ClaimId => TrustClaimIds.Offboarding;

        public async Task<TrustCheckResult> EvaluateAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref evaluations);

            // Slow enough that the concurrent visitors arrive while it runs.
            await Task.Delay(TimeSpan.FromMilliseconds(300), cancellationToken);
            return TrustCheckResult.Met("counted");
        }
    }
}

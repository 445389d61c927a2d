using System.Net;
using IdentityOps.Web.Authentication;
using IdentityOps.Web.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace IdentityOps.Security.Tests.BoundedConsentState;

/// <summary>
/// The anonymous consent start cannot grow the server's memory without bound: the state store holds at
/// most <see cref="ConsentStateStore.Capacity"/> entries and refuses a start beyond that (never evicting a
/// consent in flight); expired entries are removed by a sweep on a timer, never by the requests
/// themselves, so a request costs the same however full the store is.
/// </summary>
public sealed class ConsentStateStoreTests(WebAuthFixture fixture) : IClassFixture<WebAuthFixture>
{
    [Fact]
    public void The_store_refuses_a_start_beyond_its_capacity_and_keeps_every_consent_in_flight()
    {
        var store = new ConsentStateStore(new FakeTimeProvider(DateTimeOffset.UtcNow));
        var started = Fill(store, ConsentStateStore.Capacity);

        Assert.False(store.TryBegin(out var binding, out var state));
        Assert.Equal(string.Empty, binding);
        Assert.Equal(string.Empty, state);
        Assert.Equal(ConsentStateStore.Capacity, store.Count);

        // Nobody's consent was pushed out: the first and the last started still complete.
        Assert.True(store.TryConsume(started[0].Binding, started[0].State));
        Assert.True(store.TryConsume(started[^1].Binding, started[^1].State));

        // A finished consent frees its place.
        Assert.True(store.TryBegin(out _, out _));
        Assert.Equal(ConsentStateStore.Capacity - 1, store.Count);
    }

    [Fact]
    public void Requests_do_not_sweep_and_the_sweep_removes_only_expired_entries()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = new ConsentStateStore(clock);
        Fill(store, 100);
        clock.Advance(ConsentStateStore.Lifetime);

        // A start and a callback after everything expired: the expired entries are still held.
        Assert.True(store.TryBegin(out var binding, out var state));
        Assert.False(store.TryConsume(Guid.NewGuid().ToString("N"), "no such state"));
        Assert.Equal(101, store.Count);

        Assert.Equal(100, store.Sweep());
        Assert.Equal(1, store.Count);
        Assert.True(store.TryConsume(binding, state));
    }

    [Fact]
    public async Task The_web_app_sweeps_expired_consent_states_on_a_timer()
    {
        await using var app = fixture.CreateApp();
        Assert.Single(app.Services.GetServices<IHostedService>().OfType<ConsentStateSweeper>());
        var store = app.Services.GetRequiredService<ConsentStateStore>();
        Fill(store, 50);

        app.Clock.Advance(ConsentStateStore.Lifetime + ConsentStateStore.SweepInterval);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (store.Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(0, store.Count);
    }

    [Fact]
    public async Task A_consent_start_when_the_store_is_full_is_refused_with_503_and_sets_no_cookie()
    {
        await using var app = fixture.CreateApp();
        using var browser = app.NewBrowser();
        var store = app.Services.GetRequiredService<ConsentStateStore>();
        Fill(store, ConsentStateStore.Capacity - store.Count);

        var refused = await browser.GetAsync(OnboardingEndpoints.ConsentPath);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Null(refused.Headers.Location);
        Assert.Contains("Too many connections in progress", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(browser.Cookie(ConsentStateStore.CookieName));
    }

    private static List<(string Binding, string State)> Fill(ConsentStateStore store, int entries)
    {
        var started = new List<(string, string)>(entries);
        for (var i = 0; i < entries; i++)
        {
            Assert.True(store.TryBegin(out var binding, out var state));
            started.Add((binding, state));
        }

        return started;
    }
}

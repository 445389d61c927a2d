using System.Net;
using System.Net.Sockets;
using System.Text;
using IdentityOps.Core.Alerts.Webhooks;
using IdentityOps.Core.Trust;
using IdentityOps.Testing.Outbound;

namespace IdentityOps.Security.Tests.SsrfGuard;

/// <summary>
/// security-pitfalls 11: webhooks never reach internal addresses — as literals, through names that
/// resolve to them (a test resolver), or through a redirect — and a listener the test opened on
/// loopback never sees a connection.
/// </summary>
[Trait("Claim", TrustClaimIds.SsrfGuard)]
public sealed class OutboundRequestTests : IAsyncLifetime, IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private int accepted;

    private int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public Task InitializeAsync()
    {
        listener.Start();
        _ = Task.Run(async () =>
        {
            while (true)
            {
                using var client = await listener.AcceptTcpClientAsync();
                Interlocked.Increment(ref accepted);
            }
        });
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        listener.Stop();
        return Task.CompletedTask;
    }

    public void Dispose() => listener.Dispose();

    public static TheoryData<string> ForbiddenLiterals => new()
    {
        "127.0.0.1", "127.255.0.9", "[::1]", "0.0.0.0", "10.0.0.1", "100.64.0.1", "100.127.255.254", "169.254.169.254", "172.16.0.1", "172.31.255.255",
        "192.0.0.8", "192.168.1.1", "198.18.0.1", "198.19.255.255", "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255",
        "[::]", "[fc00::1]", "[fd12:3456::1]", "[fe80::1]", "[ff02::1]", "[::ffff:127.0.0.1]", "[::ffff:169.254.169.254]", "[64:ff9b::7f00:1]", "[64:ff9b::a9fe:a9fe]",
    };

    [Theory]
    [MemberData(nameof(ForbiddenLiterals))]
    public async Task A_literal_internal_address_is_refused_before_connecting(string host)
    {
        using var transport = new WebhookTransport(SafeOutboundHttpHandler.Create(new TestResolver(new Dictionary<string, IPAddress[]>())));

        await AssertRefusedAsync(transport, $"http://{host}:{Port}/hook");
    }

    public static TheoryData<string> ForbiddenResolutions => new()
    {
        "127.0.0.1", "::1", "169.254.169.254", "::ffff:127.0.0.1", "64:ff9b::7f00:1", "10.0.0.5", "100.64.1.1", "fd00::1",
    };

    [Theory]
    [MemberData(nameof(ForbiddenResolutions))]
    public async Task A_name_that_resolves_to_an_internal_address_is_refused_and_never_reaches_the_listener(string address)
    {
        var resolver = new TestResolver(new Dictionary<string, IPAddress[]> { ["hooks.attacker.example"] = [IPAddress.Parse(address)] });
        using var transport = new WebhookTransport(SafeOutboundHttpHandler.Create(resolver));

        await AssertRefusedAsync(transport, $"http://hooks.attacker.example:{Port}/hook");
    }

    [Fact]
    public async Task A_name_with_one_public_and_one_loopback_address_is_refused()
    {
        var resolver = new TestResolver(new Dictionary<string, IPAddress[]> { ["mixed.attacker.example"] = [IPAddress.Parse("93.184.216.34"), IPAddress.Loopback] });
        using var transport = new WebhookTransport(SafeOutboundHttpHandler.Create(resolver));

        await AssertRefusedAsync(transport, $"http://mixed.attacker.example:{Port}/hook");
    }

    [Fact]
    public async Task A_name_is_resolved_again_at_connect_time_so_dns_rebinding_is_refused()
    {
        // First answer public (what a check at save time would see), then loopback (what the connection would dial).
        var resolver = new RebindingResolver(IPAddress.Parse("93.184.216.34"), IPAddress.Loopback);
        Assert.Empty(WebhookUrl.Validate($"https://rebind.attacker.example:{Port}/hook", null));
        _ = await resolver.ResolveAsync("rebind.attacker.example", CancellationToken.None);
        using var transport = new WebhookTransport(SafeOutboundHttpHandler.Create(resolver));

        await AssertRefusedAsync(transport, $"http://rebind.attacker.example:{Port}/hook");
    }

    [Fact]
    public async Task A_redirect_to_loopback_is_not_followed()
    {
        // A reachable server (127.0.0.2, allowed for this test only) that redirects to the listener on 127.0.0.1.
        using var redirector = new TcpListener(IPAddress.Parse("127.0.0.2"), 0);
        redirector.Start();
        var redirectPort = ((IPEndPoint)redirector.LocalEndpoint).Port;
        var serving = Task.Run(async () =>
        {
            using var client = await redirector.AcceptTcpClientAsync();
            var stream = client.GetStream();
            var buffer = new byte[8192];
            _ = await stream.ReadAsync(buffer);
            var response = $"HTTP/1.1 307 Temporary Redirect\r\nLocation: http://127.0.0.1:{Port}/metadata\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(response));
        });
        var allowOnlyTheRedirector = (IPAddress a) => !a.Equals(IPAddress.Parse("127.0.0.2")) && !a.Equals(IPAddress.Parse("127.0.0.2").MapToIPv6()) && OutboundAddressPolicy.IsForbidden(a);
        using var transport = new WebhookTransport(SafeOutboundHttpHandler.Create(new TestResolver(new Dictionary<string, IPAddress[]>()), allowOnlyTheRedirector));

        using var answer = await PostAsync(transport, $"http://127.0.0.2:{redirectPort}/hook");
        await serving;

        Assert.Equal(HttpStatusCode.TemporaryRedirect, answer.StatusCode);
        await Task.Delay(200);
        Assert.Equal(0, Volatile.Read(ref accepted));
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("93.184.216.34")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("198.20.0.1")]
    [InlineData("192.0.1.1")]
    [InlineData("2001:4860:4860::8888")]
    [InlineData("::ffff:8.8.8.8")]
    public void Public_addresses_are_allowed(string address)
        => Assert.False(OutboundAddressPolicy.IsForbidden(IPAddress.Parse(address)), address);

    // Refused by the product's own check (not a network error), and the test's listener saw nothing.
    private async Task AssertRefusedAsync(WebhookTransport transport, string url)
    {
        var error = await Assert.ThrowsAnyAsync<HttpRequestException>(() => PostAsync(transport, url));
        Assert.IsType<ForbiddenDestinationException>(error.InnerException ?? error);
        Assert.Equal(0, Volatile.Read(ref accepted));
    }

    private static Task<HttpResponseMessage> PostAsync(WebhookTransport transport, string url)
        => transport.SendAsync(new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent("{}") }, CancellationToken.None);

    private sealed class RebindingResolver(params IPAddress[] answers) : IOutboundDnsResolver
    {
        private int calls;

        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
            => Task.FromResult(new[] { answers[Math.Min(Interlocked.Increment(ref calls) - 1, answers.Length - 1)] });
    }
}

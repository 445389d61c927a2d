using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using IdentityOps.Core.Graph;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Trust;
using IdentityOps.Functions.Testing;
using Microsoft.Kiota.Abstractions;
using NSubstitute;

namespace IdentityOps.Security.Tests.GraphTokenStaysWithGraph;

/// <summary>
/// The admin's Graph token goes to Microsoft Graph and nowhere else, whatever host a page's <c>@odata.nextLink</c>
/// (or a stored delta link) names: the collector refuses the link, and the authentication provider gives no token
/// to a host outside <see cref="GraphHosts"/>.
/// </summary>
[Trait("Claim", TrustClaimIds.TokensEncrypted)]
public sealed class ForeignLinkTests(FunctionsApp app) : IClassFixture<FunctionsApp>, IDisposable
{
    public void Dispose() => app.Reset();

    [Fact]
    public async Task A_next_link_to_another_host_is_refused_the_scan_says_so_and_no_token_reaches_that_host()
    {
        await using var elsewhere = RecordingListener.Start();
        var tenant = await app.AddTenantAsync();
        var scanId = await app.StartScanAsync(tenant);
        app.GraphFault = emulator => new ForeignNextLinkTransport(emulator, new Uri($"http://127.0.0.1:{elsewhere.Port}/v1.0/users?$skiptoken=next"));

        var deliveries = await app.DrainAsync();

        Assert.All(deliveries, d => Assert.Null(d.Error));
        Assert.DoesNotContain(elsewhere.Authorizations, a => a.Length > 0);
        Assert.Equal(0, elsewhere.Requests);
        var scan = await app.ScanAsync(tenant, scanId);
        Assert.Equal(ScanStatus.Succeeded, scan.Status);
        var unavailable = JsonNode.Parse(scan.Unavailable)!.AsObject();
        var reason = unavailable["users"]?.GetValue<string>();
        Assert.NotNull(reason);
        Assert.Contains("127.0.0.1", reason, StringComparison.Ordinal);
        Assert.Contains("refused to follow it", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://graph.microsoft.com.evil.test/v1.0/users", false)]
    [InlineData("https://evil.test/v1.0/users", false)]
    [InlineData("http://graph.microsoft.com/v1.0/users", false)]
    [InlineData("https://graph.microsoft.com/v1.0/users", true)]
    [InlineData("https://GRAPH.microsoft.com/beta/users", true)]
    public async Task The_authentication_provider_gives_a_token_only_to_a_graph_host_over_https(string url, bool expected)
    {
        var tokens = Substitute.For<IDelegatedGraphTokens>();
        tokens.GetAccessTokenAsync(default, default!, default).ReturnsForAnyArgs("the-admins-token");
        var provider = new DelegatedGraphAuthenticationProvider(tokens, Guid.NewGuid(), "session", GraphHosts.Global);
        var request = new RequestInformation { HttpMethod = Method.GET, URI = new Uri(url) };

        await provider.AuthenticateRequestAsync(request);

        Assert.Equal(expected, request.Headers.ContainsKey("Authorization"));
    }

    [Theory]
    [InlineData(".microsoft.com")]
    [InlineData("*.microsoft.com")]
    [InlineData("https://graph.microsoft.us")]
    [InlineData("graph.microsoft.us:443")]
    [InlineData("")]
    public void A_configured_host_must_be_one_exact_host_name(string host)
        => Assert.Throws<ArgumentException>(() => new GraphHosts([host]));

    /// <summary>
    /// Adds a next link to another host to the first page of users; a request to any other host goes to the network,
    /// as it would in production (the listener stands for a host an attacker controls).
    /// </summary>
    private sealed class ForeignNextLinkTransport(HttpMessageHandler emulator, Uri foreign) : DelegatingHandler(emulator)
    {
        private readonly HttpMessageInvoker network = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false });

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.Host != GraphHostOptions.GlobalHost)
            {
                return await network.SendAsync(request, cancellationToken);
            }

            var response = await base.SendAsync(request, cancellationToken);
            if (request.RequestUri.AbsolutePath != "/v1.0/users" || !response.IsSuccessStatusCode)
            {
                return response;
            }

            var page = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!.AsObject();
            page["@odata.nextLink"] = foreign.AbsoluteUri;
            response.Content = new StringContent(page.ToJsonString(), Encoding.UTF8, "application/json");
            return response;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                network.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>A plain HTTP server on loopback that answers an empty page and records each request's Authorization header.</summary>
    private sealed class RecordingListener : IAsyncDisposable
    {
        private readonly TcpListener listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource stop = new();
        private int requests;

        public List<string> Authorizations { get; } = [];

        public int Requests => Volatile.Read(ref requests);

        public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

        public static RecordingListener Start()
        {
            var server = new RecordingListener();
            server.listener.Start();
            _ = Task.Run(server.ServeAsync);
            return server;
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            listener.Stop();
            listener.Dispose();
            stop.Dispose();
        }

        private async Task ServeAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                using var client = await listener.AcceptTcpClientAsync(stop.Token);
                Interlocked.Increment(ref requests);
                var stream = client.GetStream();
                var head = new StringBuilder();
                var buffer = new byte[8192];
                while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer, stop.Token);
                    if (read == 0)
                    {
                        break;
                    }

                    head.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                var authorization = head.ToString().Split("\r\n").FirstOrDefault(l => l.StartsWith("Authorization:", StringComparison.OrdinalIgnoreCase)) ?? string.Empty;
                lock (Authorizations)
                {
                    Authorizations.Add(authorization);
                }

                const string body = "{\"value\":[]}";
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}"), stop.Token);
            }
        }
    }
}

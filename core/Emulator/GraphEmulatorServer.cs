using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IdentityOps.Emulator;

/// <summary>
/// The emulator behind a loopback HTTP listener, so a collector in another process reads it over a
/// real socket (the benchmark does, to measure the collector's memory apart from the tenant's).
/// Requests keep their Graph path; the emulator still answers with graph.microsoft.com links, which
/// the client maps back to this address. Bound to 127.0.0.1 only.
/// </summary>
public sealed class GraphEmulatorServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private GraphEmulatorServer(WebApplication app, Uri address)
    {
        this.app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<GraphEmulatorServer> StartAsync(GraphEmulator emulator, int port = 0, Action<WebApplication>? extraRoutes = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var invoker = new HttpMessageInvoker(emulator, disposeHandler: false);
        extraRoutes?.Invoke(app);
        app.Use((context, next) => context.GetEndpoint() is null ? ForwardAsync(invoker, context) : next(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new GraphEmulatorServer(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static async Task ForwardAsync(HttpMessageInvoker emulator, HttpContext context)
    {
        var uri = new Uri($"https://graph.microsoft.com{context.Request.Path}{context.Request.QueryString}");
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), uri);
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            request.Content = new ByteArrayContent(buffer.ToArray());
            request.Content.Headers.TryAddWithoutValidation("Content-Type", context.Request.ContentType);
        }

        foreach (var header in context.Request.Headers)
        {
            request.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray());
        }

        HttpResponseMessage response;
        try
        {
            response = await emulator.SendAsync(request, context.RequestAborted);
        }
        catch (HttpRequestException)
        {
            context.Abort(); // an injected dropped connection drops this one
            return;
        }

        using (response)
        {
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var header in response.Headers.Concat(response.Content.Headers))
            {
                if (!header.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && !header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    context.Response.Headers[header.Key] = header.Value.ToArray();
                }
            }

            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        }
    }
}

/// <summary>Sends Graph requests to a <see cref="GraphEmulatorServer"/> instead of graph.microsoft.com (client side).</summary>
public sealed class LoopbackGraphTransport(Uri server) : DelegatingHandler(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false, MaxConnectionsPerServer = 16 })
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { Host: "graph.microsoft.com" } uri)
        {
            request.RequestUri = new UriBuilder(uri) { Scheme = server.Scheme, Host = server.Host, Port = server.Port }.Uri;
        }

        return base.SendAsync(request, cancellationToken);
    }
}

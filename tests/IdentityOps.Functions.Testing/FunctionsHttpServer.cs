using System.Net;
using IdentityOps.Functions.Api.Description;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IdentityOps.Functions.Testing;

/// <summary>
/// The Functions app's HTTP API on a real socket, for clients that speak HTTP (the Kiota-generated client, curl in
/// docs/api.md). The Azure Functions host cannot be installed here, so Kestrel does the host's part of the ASP.NET Core
/// integration: it matches the request to the function whose <c>[HttpTrigger]</c> route and method fit, makes the function
/// from a fresh scope of the worker's own service provider, binds the request, route values and cancellation, and
/// executes the <see cref="IActionResult"/> — everything past routing is the product's code.
/// </summary>
public sealed class FunctionsHttpServer : IAsyncDisposable
{
    private readonly WebApplication server;

    private FunctionsHttpServer(WebApplication server, Uri address)
    {
        this.server = server;
        Address = address;
    }

    /// <summary>The server's base address, <c>http://127.0.0.1:port/</c>.</summary>
    public Uri Address { get; }

    public static async Task<FunctionsHttpServer> StartAsync(IHost worker)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var server = builder.Build();
        var routes = ApiDescription.Functions()
            .Select(function => (Function: function, Matcher: new TemplateMatcher(TemplateParser.Parse("api/" + function.Route), new RouteValueDictionary())))
            .OrderByDescending(route => route.Function.Route.Count(c => c == '/') - route.Function.RouteParameters.Count)
            .ToList();
        server.Run(context => DispatchAsync(context, worker, routes));
        await server.StartAsync();
        var address = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new FunctionsHttpServer(server, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await server.StopAsync();
        await server.DisposeAsync();
    }

    private static async Task DispatchAsync(HttpContext context, IHost worker, IReadOnlyList<(HttpFunction Function, TemplateMatcher Matcher)> routes)
    {
        foreach (var (function, matcher) in routes)
        {
            var values = new RouteValueDictionary();
            if (!matcher.TryMatch(context.Request.Path, values))
            {
                continue;
            }

            if (!string.Equals(function.Method, context.Request.Method, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            await using var scope = worker.Services.CreateAsyncScope();
            context.RequestServices = scope.ServiceProvider;
            var instance = ActivatorUtilities.CreateInstance(scope.ServiceProvider, function.Entry.DeclaringType!);
            var arguments = function.Entry.GetParameters().Select(object? (parameter) => parameter.ParameterType switch
            {
                var t when t == typeof(HttpRequest) => context.Request,
                var t when t == typeof(CancellationToken) => context.RequestAborted,
                var t when t == typeof(string) => values[parameter.Name!]?.ToString(),
                var t => throw new InvalidOperationException($"{function.Entry.DeclaringType!.Name} binds a {t.Name}, which this host does not."),
            }).ToArray();
            var invoked = function.Entry.Invoke(instance, arguments);
            var result = invoked is Task<IActionResult> pending ? await pending : (IActionResult)invoked!;
            await result.ExecuteResultAsync(new ActionContext(context, new RouteData(values), new ActionDescriptor()));
            return;
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
    }
}

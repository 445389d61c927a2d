using System.Text.Json;
using IdentityOps.Functions.Extensions;
using IdentityOps.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IdentityOps.Functions.Tests;

/// <summary>The Functions host cannot run here: these build the worker's own provider and call the functions directly.</summary>
public sealed class FunctionsHostTests(TenantDatabase database) : IClassFixture<TenantDatabase>
{
    [Fact]
    public void Every_function_class_resolves_from_the_workers_composition_root()
    {
        using var host = BuildHost();
        var functionTypes = FunctionTypes();

        Assert.NotEmpty(functionTypes);
        foreach (var type in functionTypes)
        {
            using var scope = host.Services.CreateScope();
            Assert.NotNull(ActivatorUtilities.CreateInstance(scope.ServiceProvider, type));
        }
    }

    [Fact]
    public void The_generated_metadata_lists_every_function_with_its_trigger()
    {
        var metadataPath = Path.Combine(AppContext.BaseDirectory, "functions.metadata");
        using var metadata = JsonDocument.Parse(File.ReadAllText(metadataPath));
        var listed = metadata.RootElement.EnumerateArray()
            .ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("bindings")[0].GetProperty("type").GetString());

        var declared = FunctionTypes()
            .SelectMany(t => t.GetMethods())
            .Select(m => m.GetCustomAttributes(typeof(FunctionAttribute), false).OfType<FunctionAttribute>().SingleOrDefault()?.Name)
            .OfType<string>()
            .ToList();

        Assert.Equal(declared.Order(), listed.Keys.Order());
        Assert.Equal("httpTrigger", listed[nameof(HealthFunction)]);
        Assert.Equal("timerTrigger", listed[nameof(PurgeFunction)]);
    }

    [Fact]
    public async Task Health_reports_the_databases_row_level_security()
    {
        using var host = BuildHost();
        using var scope = host.Services.CreateScope();
        var function = ActivatorUtilities.CreateInstance<HealthFunction>(scope.ServiceProvider);

        var result = Assert.IsType<OkObjectResult>(await function.RunAsync(new DefaultHttpContext().Request, CancellationToken.None));
        var body = JsonSerializer.SerializeToElement(result.Value);

        Assert.Equal(body.GetProperty("tenantTables").GetInt32(), body.GetProperty("rlsProtectedTables").GetInt32());
    }

    private IHost BuildHost()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Database:ApplicationConnectionString"] = database.Provisioned.ApplicationConnectionString;
        builder.Configuration["Database:PurgeConnectionString"] = database.Provisioned.PurgeConnectionString;
        builder.AddApplicationServices();
        return builder.Build();
    }

    private static List<Type> FunctionTypes()
        => typeof(HealthFunction).Assembly.GetTypes()
            .Where(t => t.GetMethods().Any(m => m.GetCustomAttributes(typeof(FunctionAttribute), false).Length > 0))
            .ToList();
}

using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using IdentityOps.Functions.Api.Description;
using IdentityOps.Testing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace IdentityOps.Functions.Tests.Api.Description;

/// <summary>
/// The API's OpenAPI description is generated from the code and checked in as <c>docs/openapi.json</c>: these tests hold
/// the copy to the code (IDENTITYOPS_UPDATE_GOLDEN=1 rewrites it), every HTTP function to an operation, and the document
/// to Microsoft.OpenApi's reader and validation rules.
/// </summary>
public sealed class OpenApiDescriptionTests
{
    private static readonly string PublishedPath = Path.Combine(NodeTool.RepositoryRoot(), "docs", "openapi.json");

    [Fact]
    public void The_published_description_is_the_one_the_code_generates()
    {
        var generated = ApiDescription.Write(ApiDescriptionSettings.Published);
        if (Environment.GetEnvironmentVariable("IDENTITYOPS_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(PublishedPath, generated);
        }

        Assert.True(File.Exists(PublishedPath), $"{PublishedPath} is missing: run this test with IDENTITYOPS_UPDATE_GOLDEN=1.");
        Assert.True(generated == File.ReadAllText(PublishedPath), "docs/openapi.json differs from what the code generates: run this test with IDENTITYOPS_UPDATE_GOLDEN=1 and commit it.");
    }

    [Fact]
    public void Every_http_function_is_one_operation_and_every_operation_is_a_function()
    {
        var triggered = typeof(ApiDescription).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
            .SelectMany(m => m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).OfType<HttpTriggerAttribute>())
            .Select(t => $"{t.Methods!.Single().ToLowerInvariant()} /api/{t.Route}")
            .Order(StringComparer.Ordinal)
            .ToList();

        using var document = JsonDocument.Parse(File.ReadAllText(PublishedPath));
        var described = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => $"{operation.Name} {path.Name}"))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.NotEmpty(triggered);
        Assert.Equal(triggered, described);
        var ids = document.RootElement.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject()).Select(o => o.Value.GetProperty("operationId").GetString()).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task The_description_reads_and_validates_without_errors_with_Microsoft_OpenApi()
    {
        var settings = new OpenApiReaderSettings();
        await using var stream = File.OpenRead(PublishedPath);
        var read = await OpenApiDocument.LoadAsync(stream, "json", settings);

        Assert.NotNull(read.Document);
        Assert.Empty(read.Diagnostic?.Errors ?? []);
        Assert.Empty(read.Document!.Validate(Microsoft.OpenApi.ValidationRuleSet.GetDefaultRuleSet()) ?? []);
        Assert.Equal(ApiDescription.Functions().Count, read.Document.Paths.Sum(p => p.Value.Operations?.Count ?? 0));
    }

    [Fact]
    public void No_operation_takes_a_tenant_id_in_its_route_query_or_body()
    {
        var document = JsonNode.Parse(File.ReadAllText(PublishedPath))!;
        var names = new List<string>();
        foreach (var (_, item) in document["paths"]!.AsObject())
        {
            foreach (var (_, operation) in item!.AsObject())
            {
                names.AddRange(operation!["parameters"]?.AsArray().Select(p => p!["name"]!.GetValue<string>()) ?? []);
            }
        }

        // Request bodies: every property of every schema a request body references.
        foreach (var body in ApiDescription.Functions().Select(f => f.Body).OfType<Type>())
        {
            names.AddRange(PropertyNames(document, body.Name));
        }

        Assert.NotEmpty(names);
        Assert.DoesNotContain(names, name => name.Contains("tenant", StringComparison.OrdinalIgnoreCase) || name is "tid");
    }

    [Fact]
    public void Every_gated_operation_states_its_scope_role_and_the_rate_limit_answer()
    {
        var document = JsonNode.Parse(File.ReadAllText(PublishedPath))!;
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var role = operation!["x-identityops-role"]!.GetValue<string>();
                if (role == "anonymous")
                {
                    Assert.Empty(operation["security"]!.AsArray());
                    continue;
                }

                Assert.Contains(role, new[] { "TenantReader", "TenantAdmin" });
                var responses = operation["responses"]!.AsObject();
                Assert.True(responses.ContainsKey("429") && responses["429"]!["headers"]!["Retry-After"] is not null, $"{method} {path} does not document 429 with Retry-After");
                Assert.True(responses.ContainsKey("401") && responses.ContainsKey("403"), $"{method} {path} does not document 401 and 403");
                Assert.Equal("application/problem+json", responses["403"]!["content"]!.AsObject().Single().Key);
            }
        }

        Assert.NotNull(document["security"]![0]![ApiDescription.SecurityScheme]);
        Assert.Equal("oauth2", document["components"]!["securitySchemes"]![ApiDescription.SecurityScheme]!["type"]!.GetValue<string>());
    }

    private static IEnumerable<string> PropertyNames(JsonNode document, string component)
        => document["components"]!["schemas"]![component]?["properties"]?.AsObject().Select(p => p.Key) ?? [];
}

using IdentityOps.Core.Trust;
using IdentityOps.Functions;
using IdentityOps.Functions.Api.Scans;
using IdentityOps.Functions.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace IdentityOps.Security.Tests.TenantIsolation;

/// <summary>
/// Every answer of the API carries <c>Cache-Control: no-store</c>: the HTTP functions are read from the Functions
/// assembly and each is called through the harness, so a new function is covered without editing this test.
/// </summary>
[Trait("Claim", TrustClaimIds.TenantIsolation)]
public sealed class ApiNoStoreTests(FunctionsApp functions) : IClassFixture<FunctionsApp>
{
    [Fact]
    public async Task Every_http_function_answers_with_no_store()
    {
        var tenant = await functions.AddTenantAsync();
        var seeded = await NoStoreResponsesTests.SeedEvaluatedScanAsync(functions.Database, tenant.Id);
        var httpFunctions = typeof(PurgeFunction).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods().Select(m => (Type: t, Method: m)))
            .Where(x => x.Method.GetCustomAttributes(typeof(FunctionAttribute), false).Length > 0
                && x.Method.GetParameters().Any(p => p.GetCustomAttributes(typeof(HttpTriggerAttribute), false).Length > 0))
            .ToList();
        Assert.True(httpFunctions.Count >= 12, $"only {httpFunctions.Count} HTTP functions found");

        var missing = new List<string>();
        foreach (var (type, method) in httpFunctions)
        {
            // Liveness, and the API's own description (issue 23: cacheable on purpose): anonymous, no tenant data, not behind the API gate.
            if (type == typeof(HealthFunction) || type == typeof(IdentityOps.Functions.Api.Description.OpenApiFunction))
            {
                continue;
            }

            var trigger = (HttpTriggerAttribute)method.GetParameters().SelectMany(p => p.GetCustomAttributes(typeof(HttpTriggerAttribute), false)).Single();
            var response = await CallAsync(type, method, trigger.Methods![0].ToUpperInvariant(), functions.ReaderToken(tenant), seeded.ScanId);
            if (!response.CacheControl.Contains("no-store", StringComparison.Ordinal))
            {
                missing.Add($"{type.Name} → {response.Status} Cache-Control: {response.CacheControl}");
            }
        }

        Assert.True(missing.Count == 0, string.Join("\n", missing));
        var report = await CallAsync(typeof(GetReportFunction), typeof(GetReportFunction).GetMethod("RunAsync")!, "GET", functions.ReaderToken(tenant), seeded.ScanId, "?format=csv");
        Assert.Equal(200, report.Status);
        Assert.Contains(NoStoreResponsesTests.SeededName, report.Body, StringComparison.Ordinal);
    }

    /// <summary>Calls one HTTP function through the harness, filling its route values (ids) with the seeded scan.</summary>
    private Task<ApiResponse> CallAsync(Type type, System.Reflection.MethodInfo method, string verb, string token, Guid scanId, string? query = null)
    {
        var call = typeof(FunctionsApp).GetMethod(nameof(FunctionsApp.CallAsync))!.MakeGenericMethod(type);
        Func<object, HttpRequest, Task<IActionResult>> invoke = (function, request) => (Task<IActionResult>)method.Invoke(function, [.. method.GetParameters().Select(p => Argument(p, request, scanId))])!;
        var typed = typeof(ApiNoStoreTests).GetMethod(nameof(Typed), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.MakeGenericMethod(type).Invoke(null, [invoke])!;
        return (Task<ApiResponse>)call.Invoke(functions, [token, typed, verb, "/api", query, verb is "POST" or "PUT" ? "{}" : null, null])!;
    }

    private static Func<T, HttpRequest, Task<IActionResult>> Typed<T>(Func<object, HttpRequest, Task<IActionResult>> invoke) => (f, r) => invoke(f!, r);

    private static object? Argument(System.Reflection.ParameterInfo parameter, HttpRequest request, Guid scanId)
        => parameter.ParameterType == typeof(HttpRequest) ? request
            : parameter.ParameterType == typeof(CancellationToken) ? CancellationToken.None
            : parameter.ParameterType == typeof(string) ? scanId.ToString()
            : parameter.ParameterType == typeof(FunctionContext) ? FunctionsApp.QueueContext(1)
            : throw new InvalidOperationException($"The test cannot fill {parameter.Member.DeclaringType?.Name}.{parameter.Member.Name}({parameter.ParameterType.Name} {parameter.Name}): teach it.");
}

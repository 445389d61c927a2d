using IdentityOps.Core.Trust;
using IdentityOps.Core.Trust.Checks;
using IdentityOps.Functions;
using Microsoft.Azure.Functions.Worker;

namespace IdentityOps.Security.Tests.NoTenantIdInput;

/// <summary>Every Azure Function's parameters, route and JSON body model: none carries a tenant id.</summary>
[Trait("Claim", TrustClaimIds.NoTenantIdInput)]
public sealed class FunctionInputTests
{
    [Fact]
    public void No_function_parameter_route_or_body_model_carries_a_tenant_id()
    {
        var inspection = TenantInputSurface.InspectFunctions(typeof(PurgeFunction).Assembly);

        Assert.True(inspection.EntryPoints >= 10, $"only {inspection.EntryPoints} functions found");
        Assert.Empty(inspection.TenantInputs);
    }

    [Fact]
    public void The_body_models_the_functions_read_are_found_in_their_code()
    {
        var methods = typeof(PurgeFunction).Assembly.GetTypes().SelectMany(t => t.GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.DeclaredOnly));
        var models = TenantInputSurface.BodyModels(methods, typeof(PurgeFunction).Assembly.ManifestModule);

        Assert.Contains(typeof(IdentityOps.Core.Alerts.AlertSettings), models);
    }

    [Fact]
    public void A_function_that_takes_a_tenant_id_anywhere_is_named()
    {
        var inspection = TenantInputSurface.InspectFunctions(typeof(FunctionInputTests).Assembly);

        Assert.Contains("LeakyFunction.ByParameter(tenantId)", inspection.TenantInputs);
        Assert.Contains(inspection.TenantInputs, i => i.Contains("route tenants/{tenantId}/scans", StringComparison.Ordinal));
        Assert.Contains(inspection.TenantInputs, i => i == "body LeakyBody.Target.TenantId");
    }

    [Fact]
    public async Task The_live_check_inspects_the_functions_host_loaded_in_the_process()
    {
        _ = typeof(PurgeFunction); // loads the host assembly, as the Functions process has it
        var result = await new NoTenantIdInputCheck().EvaluateAsync(CancellationToken.None);
        Assert.Equal(TrustStatus.Met, result.Status);
        Assert.Contains("none carries a tenant id", result.Evidence, StringComparison.Ordinal);
    }
}

/// <summary>What the inspection must catch: a tenant id as a parameter, a route value and a body member.</summary>
internal sealed class LeakyFunction
{
    [Function("leaky-parameter")]
    public static string ByParameter(Guid tenantId) => tenantId.ToString();

    [Function("leaky-route")]
    public static string ByRoute([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "tenants/{tenantId}/scans")] object request) => request.ToString()!;

    [Function("leaky-body")]
    public static Task<(LeakyBody? Body, object? Problem)> ByBody(Microsoft.AspNetCore.Http.HttpRequest request)
        => ReadJsonAsync<LeakyBody>(request);

    private static Task<(T? Body, object? Problem)> ReadJsonAsync<T>(Microsoft.AspNetCore.Http.HttpRequest request)
        where T : class
        => Task.FromResult<(T?, object?)>((null, request));
}

internal sealed record LeakyBody(string Name, LeakyTarget Target);

internal sealed record LeakyTarget(Guid TenantId);

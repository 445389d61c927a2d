using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using IdentityOps.Emulator;
using IdentityOps.Emulator.Synthetic;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace IdentityOps.Benchmarks;

/// <summary>
/// The emulator process of one benchmark size: generates the synthetic tenant, serves it on loopback,
/// prints one JSON line (address, sizes, minimal request plan) and answers <c>/__bench/stats</c>.
/// </summary>
internal static class EmulatorChild
{
    public static async Task<int> ServeAsync(string[] args)
    {
        var size = args[0];
        var speed = double.Parse(args[1], CultureInfo.InvariantCulture);
        var spec = size switch
        {
            "small" => SyntheticTenantSpec.Small,
            "medium" => SyntheticTenantSpec.Medium,
            "large" => SyntheticTenantSpec.Large,
            _ => throw new ArgumentException($"unknown size {size}"),
        };

        var generated = SyntheticTenantGenerator.Generate(spec);
        var tenant = EmulatedTenant.FromSnapshotFiles(generated.Files);
        var emulator = new GraphEmulator(tenant, new GraphEmulatorOptions { ThrottleSpeedFactor = speed }, TimeProvider.System);
        var plan = MinimalPlan.For(generated.Files, spec.AsOf);
        await using var server = await GraphEmulatorServer.StartAsync(emulator, extraRoutes: app => app.MapGet("/__bench/stats", () => Results.Json(new
        {
            requests = emulator.Log.Requests.Count(r => !(r.Method == "POST" && r.PathAndQuery.EndsWith("$batch", StringComparison.Ordinal))),
            throttled = emulator.Log.Throttled,
            resourceUnits = emulator.Log.ResourceUnitsSpent,
            minimumSeconds = GraphEmulatorBudgets.MinimumTimeFor(emulator.Log.Requests, tenant.UserCount, speed).TotalSeconds,
        })));

        Console.WriteLine(JsonSerializer.Serialize(new
        {
            address = server.Address.ToString(),
            tenantId = OrganizationId(generated.Files),
            users = tenant.UserCount,
            objects = plan.Objects,
            minimalRequests = plan.Requests,
        }));
        await Console.In.ReadLineAsync(); // the parent closes stdin when it is done
        return 0;
    }

    private static string OrganizationId(IReadOnlyDictionary<string, JsonNode> files)
        => files["organization.json"]["value"]![0]!["id"]!.GetValue<string>();
}

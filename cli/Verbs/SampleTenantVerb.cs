using IdentityOps.Emulator.Synthetic;

namespace IdentityOps.Cli.Verbs;

/// <summary>
/// <c>IdentityOps.Cli sample-tenant --out DIR</c>: writes the sample tenant (the deterministic small
/// synthetic tenant, with its documented planted risks) as a snapshot folder that <c>scan</c> reads.
/// </summary>
internal static class SampleTenantVerb
{
    public const string Name = "sample-tenant";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output)
    {
        if (args.Count != 2 || args[0] != "--out")
        {
            await output.WriteLineAsync("sample-tenant: usage: sample-tenant --out DIR");
            return 2;
        }

        var tenant = SyntheticTenantGenerator.Generate(SyntheticTenantSpec.Small);
        await tenant.WriteSnapshotAsync(args[1], CancellationToken.None);
        await output.WriteLineAsync($"sample tenant {tenant.TenantId} (as of {SyntheticTenantSpec.Small.AsOf:yyyy-MM-dd}) written to {Path.GetFullPath(args[1])}.");
        return 0;
    }
}

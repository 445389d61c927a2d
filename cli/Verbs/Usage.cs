namespace IdentityOps.Cli.Verbs;

internal static class Usage
{
    public static async Task<int> WriteAsync(TextWriter output)
    {
        await output.WriteLineAsync($"usage: IdentityOps.Cli <{MigrateVerb.Name}|{SampleTenantVerb.Name}|{ScanVerb.Name}|{TrustVerb.Name}|{AuditVerb.Name}> [options] (./build.sh help describes each)");
        return 2;
    }
}

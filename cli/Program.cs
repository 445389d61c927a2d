using IdentityOps.Cli.Verbs;
using Microsoft.Extensions.Hosting;

// Settings come from the environment (Database__AdminConnectionString and the like), never from the command line.
var builder = Host.CreateApplicationBuilder();
var output = Console.Out;
return args.FirstOrDefault() switch
{
    MigrateVerb.Name => await MigrateVerb.RunAsync(builder.Configuration, output),
    SampleTenantVerb.Name => await SampleTenantVerb.RunAsync(args[1..], output),
    ScanVerb.Name => await ScanVerb.RunAsync(builder, args[1..], output),
    TrustVerb.Name => await TrustVerb.RunAsync(builder, output),
    AuditVerb.Name => await AuditVerb.RunAsync(args[1..], output),
    _ => await Usage.WriteAsync(output),
};

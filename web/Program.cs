using IdentityOps.Web;
using IdentityOps.Web.Extensions;

var builder = WebApplication.CreateBuilder(args);

switch (args.FirstOrDefault())
{
    case DatabaseCommands.Migrate:
        return await DatabaseCommands.MigrateAsync(builder.Configuration, Console.Out);
    case SampleTenantCli.Command:
        return await SampleTenantCli.RunAsync(args[1..], Console.Out);
    case SnapshotScanCli.Command:
        return await SnapshotScanCli.RunAsync(builder, args[1..], Console.Out);
    case TrustCli.Command:
        return await TrustCli.RunAsync(builder, Console.Out);
}

await builder.PrepareDemoDatabaseAsync();
await builder.AddApplicationServicesAsync();

var app = builder.Build();
app.UseSecurityHeaders();
app.UseExceptionHandler("/error");
app.UseStaticFiles();
app.UseWebSecurity();
app.MapWebAuthentication();
app.MapStatusApi();
app.MapReportsApi();
app.MapRazorPages();
await app.RunAsync();
return 0;

/// <summary>The web host's entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;

using IdentityOps.Web;
using IdentityOps.Web.Disclosure;
using IdentityOps.Web.Extensions;

var builder = WebApplication.CreateBuilder(args);
await builder.PrepareDemoDatabaseAsync();
await builder.AddApplicationServicesAsync();

var app = builder.Build();
app.UseSecurityHeaders();
app.UseExceptionHandler("/error");
app.UseStaticFiles();
app.UseRateLimiter();
app.UseNoStoreResponses();
app.UseWebSecurity();
app.MapWebAuthentication();
app.MapStatusApi();
app.MapReportsApi();
app.MapSecurityTxt();
app.MapRazorPages();
await app.RunAsync();

/// <summary>The web host's entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;

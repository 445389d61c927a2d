using IdentityOps.Functions.Extensions;
using IdentityOps.Functions.Trust;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

if (args is [AttestOnce.Verb, ..])
{
    return await AttestOnce.RunAsync(args[1..]);
}

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.AddApplicationServices();
builder.Build().Run();
return 0;

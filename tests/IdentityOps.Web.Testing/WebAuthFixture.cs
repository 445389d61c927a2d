using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Tenancy;
using IdentityOps.Testing;
using IdentityOps.Testing.Identity;
using IdentityOps.Web.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Identity.Web;
using Npgsql;
using Xunit;

namespace IdentityOps.Web.Testing;

/// <summary>
/// For one test class: a migrated PostgreSQL database, the local Entra over HTTPS with the web app's
/// reply URLs registered, and a key ring with its key-encryption certificate. Each test builds its
/// own app (<see cref="CreateApp"/>) with its own clock, so moving time in one test moves nothing else.
/// </summary>
public sealed class WebAuthFixture : IAsyncLifetime
{
    public const string AppOrigin = "https://localhost";

    private readonly string workspace = Directory.CreateTempSubdirectory("web-auth-").FullName;

    public TenantDatabase Database { get; } = new();

    public LocalEntra Entra { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        Entra = await LocalEntra.StartAsync();
        Entra.RegisterRedirectUri($"{AppOrigin}/signin-oidc");
        Entra.RegisterRedirectUri($"{AppOrigin}{OnboardingEndpoints.ConsentCallbackPath}");
    }

    public async Task DisposeAsync()
    {
        await Entra.DisposeAsync();
        await Database.DisposeAsync();
        Directory.Delete(workspace, recursive: true);
    }

    public Dictionary<string, string?> Configuration()
    {
        var configuration = new Dictionary<string, string?>(TestKeyRing.Configuration(workspace))
        {
            ["Database:ApplicationConnectionString"] = Database.Provisioned.ApplicationConnectionString,
            ["AzureAd:Instance"] = Entra.Address.ToString(),
            ["AzureAd:TenantId"] = "organizations",
            ["AzureAd:ClientId"] = LocalEntra.ApiClientId,
            ["AzureAd:ClientSecret"] = LocalEntra.ApiClientSecret,
            ["Disclosure:Contact:0"] = "mailto:security@identityops.test",
            ["Disclosure:PublicOrigin"] = AppOrigin,
        };
        return configuration;
    }

    /// <param name="services">Test services added after the app's own (an interceptor, a recorder).</param>
    /// <param name="configureWeb">Runs last on the web host builder (a test's own logging).</param>
    public WebAuthApp CreateApp(Action<Dictionary<string, string?>>? configure = null, string environment = "Production", Action<IServiceCollection>? services = null, Action<IWebHostBuilder>? configureWeb = null)
    {
        var configuration = Configuration();
        configure?.Invoke(configuration);
        return new WebAuthApp(this, configuration, environment, services, configureWeb);
    }

    /// <summary>An onboarded tenant with an admin and a reader on its team.</summary>
    public Task<TestTenant> AddTenantAsync() => TestTenant.AddAsync(Database);

    /// <summary>Rows read as a superuser (RLS bypassed): for looking at what is stored, never for the app's reads.</summary>
    public async Task<List<object?[]>> SuperuserRowsAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await TenantDatabase.OpenAsync(Database.SuperuserConnectionString);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var rows = new List<object?[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }
}


/// <summary>The web app as <c>Program</c> builds it, with the test's clock, Entra reached locally, and three probe endpoints behind the policies.</summary>
public sealed class WebAuthApp : IAsyncDisposable
{
    public const string WhoAmIPath = "/test/whoami";
    public const string AdminPath = "/test/admin";
    public const string FormPath = "/test/form";

    private readonly WebAuthFixture fixture;
    private readonly WebApplicationFactory<Program> factory;

    internal WebAuthApp(WebAuthFixture fixture, Dictionary<string, string?> configuration, string environment, Action<IServiceCollection>? testServices, Action<IWebHostBuilder>? configureWeb = null)
    {
        this.fixture = fixture;
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment(environment);
            foreach (var (key, value) in configuration)
            {
                web.UseSetting(key, value);
            }

            web.ConfigureTestServices(services =>
            {
                services.AddSingleton<TimeProvider>(Clock);
                services.ConfigureHttpClientDefaults(http => http.ConfigurePrimaryHttpMessageHandler(fixture.Entra.CreateHandler));
                services.Configure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, oidc => oidc.BackchannelHttpHandler = fixture.Entra.CreateHandler());
                services.AddSingleton<IStartupFilter, ProbeEndpoints>();
                testServices?.Invoke(services);
            });
            configureWeb?.Invoke(web);
        });
    }

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public IServiceProvider Services => factory.Services;

    public TestBrowser NewBrowser()
    {
        var app = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(WebAuthFixture.AppOrigin), AllowAutoRedirect = false, HandleCookies = false });
        var entra = new HttpClient(fixture.Entra.CreateHandler());
        return new TestBrowser(app, entra);
    }

    /// <summary>Signs in through the real flow as the given user; returns the last response (the home page on success).</summary>
    public async Task<HttpResponseMessage> SignInAsync(TestBrowser browser, Guid tenantId, Guid objectId, string displayName = "Ada Admin")
    {
        fixture.Entra.SignInNext(tenantId, objectId, displayName);
        return await browser.NavigateAsync(AccountEndpoints.SignInPath);
    }

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    private sealed class ProbeEndpoints : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.UseRouting();
            app.UseAuthorization();
            app.UseEndpoints(endpoints =>
            {
                endpoints.MapGet(WhoAmIPath, (HttpContext context, ITenantContext tenant) => $"{tenant.TenantId:D} {context.User.GetObjectId()}")
                    .RequireAuthorization(WebPolicies.TenantReader);
                endpoints.MapGet(AdminPath, () => "admin").RequireAuthorization(WebPolicies.TenantAdmin);
                endpoints.MapGet(FormPath, (HttpContext context) => AuthenticationPages.Message("Form", "A form.", extraHtml: AuthenticationPages.PostForm(context, AccountEndpoints.SignOutPath, "Sign out")))
                    .RequireAuthorization(WebPolicies.TenantReader);
            });
        };
    }
}

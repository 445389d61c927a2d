using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using IdentityOps.Core.Graph;
using IdentityOps.Emulator;
using IdentityOps.Emulator.Synthetic;
using IdentityOps.Testing;
using IdentityOps.Web.Testing;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace IdentityOps.Web.Tests.Browser;

/// <summary>
/// The web app on Kestrel over HTTPS on 127.0.0.1 (a certificate made at test time), signed in through
/// the local Entra, scanning the synthetic sample tenant through the Graph emulator, and Debian's
/// Chromium driven by Playwright (headless, never a downloaded browser). Screenshots of the pages
/// go to out/test-artifacts/screenshots.
/// </summary>
public sealed class BrowserApp : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly WebAuthFixture identity = new();
    private WebApplicationFactory<Program>? factory;
    private IPlaywright? playwright;
    private X509Certificate2? certificate;

    public SyntheticTenant Sample { get; } = SyntheticTenantGenerator.Generate(SyntheticTenantSpec.Small);

    public ShiftableClock Clock { get; } = new();

    public Uri Origin { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public WebAuthFixture Identity => identity;

    public IServiceProvider Services => factory!.Services;

    public static string ArtifactsDirectory { get; } = Path.Combine(RepositoryRoot(), "out", "test-artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        await identity.InitializeAsync();
        certificate = CreateCertificate();
        var emulated = EmulatedTenant.FromSnapshotFiles(Sample.Files);
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Production");
            foreach (var (key, value) in identity.Configuration())
            {
                web.UseSetting(key, value);
            }

            web.ConfigureTestServices(services =>
            {
                services.AddSingleton<TimeProvider>(Clock);
                services.ConfigureHttpClientDefaults(http => http.ConfigurePrimaryHttpMessageHandler(identity.Entra.CreateHandler));
                services.Configure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, oidc => oidc.BackchannelHttpHandler = identity.Entra.CreateHandler());

                // The sample tenant answers Graph; the emulator keeps Graph's paging and delta rules.
                services.AddSingleton(new GraphTransport(() => new GraphEmulator(emulated, new GraphEmulatorOptions { ThrottlingEnabled = false }, TimeProvider.System)));
            });
        });
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        factory.StartServer();
        var address = new Uri(factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        Origin = new Uri($"https://127.0.0.1:{address.Port}");
        identity.Entra.RegisterRedirectUri($"{Origin.GetLeftPart(UriPartial.Authority)}/signin-oidc");
        identity.Entra.RegisterRedirectUri($"{Origin.GetLeftPart(UriPartial.Authority)}{(global::IdentityOps.Web.Authentication.OnboardingEndpoints.ConsentCallbackPath)}");

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox"],
        });
        Directory.CreateDirectory(ArtifactsDirectory);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }

        certificate?.Dispose();
        await identity.DisposeAsync();
    }

    /// <summary>A fresh browser profile (its own cookies) that accepts the test certificates.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { IgnoreHTTPSErrors = true, BaseURL = Origin.ToString(), AcceptDownloads = true });
        return await context.NewPageAsync();
    }

    public string Url(string path) => new Uri(Origin, path).ToString();

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), password: null);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "IdentityOps.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? AppContext.BaseDirectory;
    }
}

using System.Security.Claims;
using System.Text.Json;
using IdentityOps.Functions.Api;
using IdentityOps.Functions.Api.Scans;
using IdentityOps.Functions.Testing;
using IdentityOps.Testing.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IdentityOps.Security.Tests.ApiClientAllowList;

/// <summary>
/// The API accepts only tokens issued to IdentityOps' own clients (<c>azp</c> in v2.0 tokens, <c>appid</c>
/// in v1.0): a valid token of the right tenant, audience and scope, obtained by another application a
/// user consented to, is refused.
/// </summary>
public sealed class ApiClientAllowListTests(FunctionsApp app) : IClassFixture<FunctionsApp>, IDisposable
{
    private const string OtherClient = "0d7a1f2e-5b6c-4d8e-9f01-23456789abcd";

    public void Dispose() => app.Reset();

    [Fact]
    public async Task A_token_issued_to_another_client_is_refused_with_403_problem_details_and_reaches_nothing()
    {
        var tenant = await app.AddTenantAsync();
        var token = app.Entra.IssueApiToken(tenant.Id, tenant.AdminId, authorizedParty: OtherClient);

        var listed = await app.CallAsync<ListScansFunction>(token, (f, r) => f.RunAsync(r, CancellationToken.None));
        var started = await app.CallAsync<StartScanFunction>(token, (f, r) => f.RunAsync(r, CancellationToken.None), "POST");

        foreach (var response in new[] { listed, started })
        {
            Assert.Equal(403, response.Status);
            Assert.StartsWith("application/problem+json", response.ContentType, StringComparison.Ordinal);
            using var body = JsonDocument.Parse(response.Body);
            Assert.Equal("Client application not allowed.", body.RootElement.GetProperty("title").GetString());
            Assert.DoesNotContain(token, response.Body, StringComparison.Ordinal);
        }

        Assert.Equal(0, await app.SuperuserScalarAsync("SELECT count(*) FROM scans WHERE tenant_id = @t", ("t", tenant.Id)));

        // The same user through our own client is let in: only the client made the difference.
        Assert.Equal(200, (await app.CallAsync<ListScansFunction>(app.AdminToken(tenant), (f, r) => f.RunAsync(r, CancellationToken.None))).Status);
    }

    [Theory]
    [InlineData("2.0", "azp", LocalEntra.ApiCallerClientId, true)]
    [InlineData("2.0", "azp", OtherClient, false)]
    [InlineData("2.0", "appid", LocalEntra.ApiCallerClientId, false)] // a v2.0 token names its client in azp only
    [InlineData("1.0", "appid", LocalEntra.ApiCallerClientId, true)]
    [InlineData("1.0", "appid", OtherClient, false)]
    [InlineData("1.0", "azp", LocalEntra.ApiCallerClientId, false)] // a v1.0 token names its client in appid only
    [InlineData("2.0", "none", "", false)]
    public async Task The_client_is_read_from_azp_in_v2_tokens_and_appid_in_v1_tokens(string version, string claim, string client, bool allowed)
    {
        using var services = AuthorizationServices(new() { ["Api:RequiredScope"] = LocalEntra.ApiScope, ["Api:AllowedClientIds:0"] = LocalEntra.ApiCallerClientId });
        var claims = new List<Claim> { new("ver", version) };
        if (claim != "none")
        {
            claims.Add(new Claim(claim, client));
        }

        var result = await services.GetRequiredService<IAuthorizationService>().AuthorizeAsync(
            new ClaimsPrincipal(new ClaimsIdentity(claims, "Bearer")),
            resource: null,
            new AuthorizationPolicyBuilder().AddRequirements(new ApiClientRequirement()).Build());

        Assert.Equal(allowed, result.Succeeded);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-client-id")]
    public void Without_a_valid_allow_list_the_api_does_not_start(string? client)
    {
        using var services = AuthorizationServices(new() { ["Api:RequiredScope"] = LocalEntra.ApiScope, ["Api:AllowedClientIds:0"] = client });

        var refused = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ApiOptions>>().Value);
        Assert.Contains("AllowedClientIds", refused.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider AuthorizationServices(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings.Where(s => s.Value is not null)).Build());
        services.AddLogging();
        services.AddApiAuthorization();
        return services.BuildServiceProvider();
    }
}

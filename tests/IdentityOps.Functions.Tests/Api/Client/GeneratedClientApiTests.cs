using IdentityOps.Api.Client.Api.Scans.Item.Report;
using IdentityOps.Api.Client.Models;
using IdentityOps.Core.Findings;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using IdentityOps.Functions.Testing;
using IdentityOps.Testing;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;

namespace IdentityOps.Functions.Tests.Api.Client;

/// <summary>
/// The API driven through the client Kiota generates from docs/openapi.json, over HTTP: if the description and the
/// behaviour drift apart (a route, a parameter, a field, an error shape), these calls fail or leave a field the
/// description does not know in a model's <c>AdditionalData</c>, which every test here refuses.
/// </summary>
public sealed class GeneratedClientApiTests(FunctionsApp app) : IClassFixture<FunctionsApp>, IAsyncLifetime, IDisposable
{
    private FunctionsHttpServer server = null!;

    public async Task InitializeAsync() => server = await FunctionsHttpServer.StartAsync(app.Host);

    public async Task DisposeAsync() => await server.DisposeAsync();

    public void Dispose() => app.Reset();

    [Fact]
    public async Task Scans_and_findings_page_through_the_generated_client()
    {
        var tenant = await app.AddTenantAsync();
        var scanId = await SeedScanWithFindingsAsync(tenant, findings: 5);
        var reader = GeneratedClient.For(server.Address, app.ReaderToken(tenant));

        var scans = await reader.Api.Scans.GetAsync(r => { r.QueryParameters.Page = 1; r.QueryParameters.PageSize = 1; });
        var scan = Assert.Single(scans!.Items!);
        Assert.Equal((scanId, 1), (scan.Id, scans.Total));
        AssertKnownFieldsOnly(scans, scan);

        var page = await reader.Api.Scans[scanId].Findings.GetAsync(r => { r.QueryParameters.Page = 2; r.QueryParameters.PageSize = 2; });
        Assert.Equal((5, 2, 2), (page!.Total, page.Number, page.Size));
        Assert.Equal(["APP-002", "APP-001"], page.Items!.Select(f => f.RuleId));
        AssertKnownFieldsOnly([page, .. page.Items!]);

        var single = await reader.Api.Scans[scanId].GetAsync();
        Assert.Equal(scanId, single!.Id);
    }

    [Fact]
    public async Task Errors_come_back_as_the_problem_types_the_description_names()
    {
        var tenant = await app.AddTenantAsync();
        var reader = GeneratedClient.For(server.Address, app.ReaderToken(tenant));

        var missing = await Assert.ThrowsAsync<ProblemDetails>(() => reader.Api.Scans[Guid.NewGuid()].GetAsync());
        Assert.Equal((404, "Not found."), (missing.ResponseStatusCode, missing.Title));

        var forbidden = await Assert.ThrowsAsync<ProblemDetails>(() => reader.Api.Scans.PostAsync());
        Assert.Equal(403, forbidden.ResponseStatusCode);

        var anonymous = await Assert.ThrowsAsync<ProblemDetails>(() => GeneratedClient.For(server.Address, token: null).Api.Scans.GetAsync());
        Assert.Equal(401, anonymous.ResponseStatusCode);

        var admin = GeneratedClient.For(server.Address, app.AdminToken(tenant));
        var invalid = await Assert.ThrowsAsync<ValidationProblemDetails>(() => admin.Api.Alerts.PostAsync(new AlertSettings { Name = "", Enabled = true, Triggers = [], Recipients = [], Schedule = "hourly" }));
        Assert.Equal(400, invalid.ResponseStatusCode);
        Assert.Contains("schedule", ErrorsOf(invalid).Keys);
    }

    [Fact]
    public async Task Alerts_and_webhooks_are_managed_through_the_generated_client()
    {
        var tenant = await app.AddTenantAsync();
        await tenant.AddVerifiedDomainsAsync(app.Database, "example.test");
        var admin = GeneratedClient.For(server.Address, app.AdminToken(tenant));

        var created = await Explained(() => admin.Api.Alerts.PostAsync(new AlertSettings { Name = "New critical", Enabled = true, Triggers = ["new-critical-or-high"], Recipients = ["soc@example.test"], Schedule = "daily", SendHourUtc = 6 }));
        var updated = await admin.Api.Alerts[created!.Id!.Value].PutAsync(new AlertSettings { Name = "New critical", Enabled = false, Triggers = ["new-critical-or-high"], Recipients = ["soc@example.test"], Schedule = "weekly", SendHourUtc = 6 });
        var listed = await admin.Api.Alerts.GetAsync();
        Assert.Equal(("weekly", false), (Assert.Single(listed!).Schedule, updated!.Enabled!.Value));
        AssertKnownFieldsOnly([created, updated, .. listed!]);

        var webhook = await admin.Api.Webhooks.PostAsync(new WebhookEndpointBody { Url = "https://siem.example/in", Description = "SIEM" });
        var rotated = await admin.Api.Webhooks[webhook!.EndpointId!.Value].Rotate.PostAsync();
        Assert.NotEqual(webhook.Secret, rotated!.Secret);
        AssertKnownFieldsOnly(webhook, rotated);
    }

    [Fact]
    public async Task Reports_download_in_each_format_the_description_lists()
    {
        var tenant = await app.AddTenantAsync();
        var scanId = await SeedScanWithFindingsAsync(tenant, findings: 0);
        var reader = GeneratedClient.For(server.Address, app.ReaderToken(tenant));

        foreach (var format in Enum.GetValues<GetFormatQueryParameterType>())
        {
            await using var report = await reader.Api.Scans[scanId].Report.GetAsync(r => r.QueryParameters.Format = format);
            using var text = new StreamReader(report!);
            Assert.NotEmpty(await text.ReadToEndAsync());
        }
    }

    [Fact]
    public async Task A_burst_beyond_the_callers_budget_gets_429_with_Retry_After_and_the_next_window_succeeds()
    {
        var configuration = app.Configuration();
        configuration["Api:RateLimits:PerCaller"] = "3";
        // A window long enough that a loaded machine cannot let it pass between the burst's requests.
        configuration["Api:RateLimits:Window"] = "00:00:10";
        using var limited = app.Build(configuration);
        await using var limitedServer = await FunctionsHttpServer.StartAsync(limited);
        var tenant = await app.AddTenantAsync();
        var token = app.ReaderToken(tenant);
        using var http = new HttpClient { BaseAddress = limitedServer.Address };

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(200, (int)(await Send(http, token)).StatusCode);
        }

        using var refused = await Send(http, token);
        Assert.Equal(429, (int)refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var retryAfter = refused.Headers.RetryAfter?.Delta ?? throw new Xunit.Sdk.XunitException("429 without Retry-After");
        Assert.InRange(retryAfter.TotalSeconds, 1, 10);

        // Another caller of the same organisation keeps their own budget.
        Assert.Equal(200, (int)(await Send(http, app.AdminToken(tenant))).StatusCode);

        await Task.Delay(retryAfter + TimeSpan.FromMilliseconds(200));
        Assert.Equal(200, (int)(await Send(http, token)).StatusCode);

        static Task<HttpResponseMessage> Send(HttpClient http, string token)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "api/scans");
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            return http.SendAsync(request);
        }
    }

    [Fact]
    public async Task A_body_beyond_64_KB_is_refused_without_a_length_header_too()
    {
        var tenant = await app.AddTenantAsync();
        using var http = new HttpClient { BaseAddress = server.Address };
        var request = new HttpRequestMessage(HttpMethod.Post, "api/alerts")
        {
            // A chunked body (no Content-Length) of 65 KB: the API must stop reading at its limit.
            Content = new PushStreamContentOf(new string('a', 65 * 1024)),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", app.AdminToken(tenant));

        using var response = await http.SendAsync(request);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("at most 64 KB", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Runs a call; a 400 fails the test with the API's own errors by field, not Kiota's bare exception name.</summary>
    private static async Task<T?> Explained<T>(Func<Task<T?>> call)
    {
        try
        {
            return await call();
        }
        catch (ValidationProblemDetails problem)
        {
            throw new Xunit.Sdk.XunitException(string.Join("; ", ErrorsOf(problem).Select(field => $"{field.Key}: {string.Join(" ", field.Value)}")));
        }
    }

    /// <summary>The problem's <c>errors</c> by field (an open map in the description, so Kiota keeps it untyped).</summary>
    private static Dictionary<string, string[]> ErrorsOf(ValidationProblemDetails problem)
        => problem.Errors!.AdditionalData.ToDictionary(
            field => field.Key,
            field => field.Value is UntypedArray messages ? [.. messages.GetValue().OfType<UntypedString>().Select(m => m.GetValue() ?? string.Empty)] : Array.Empty<string>());

    private static void AssertKnownFieldsOnly(params IEnumerable<IAdditionalDataHolder> models)
    {
        foreach (var model in models)
        {
            Assert.True(model.AdditionalData.Count == 0, $"{model.GetType().Name} carried fields the description does not name: {string.Join(", ", model.AdditionalData.Keys)}");
        }
    }

    private async Task<Guid> SeedScanWithFindingsAsync(TestTenant tenant, int findings)
    {
        var scan = new Scan { TenantId = tenant.Id, Id = Guid.NewGuid(), RequestedBy = tenant.AdminId, RequestedAt = DateTimeOffset.UtcNow, Status = ScanStatus.Succeeded, FinishedAt = DateTimeOffset.UtcNow, TenantScore = 80 };
        await using var db = app.Database.CreateApplicationContext(tenant.Id);
        await db.InTenantTransactionAsync(
            async ct =>
            {
                db.Scans.Add(scan);
                db.Findings.AddRange(FunctionsApp.NumberedFindings(tenant.Id, scan.Id, findings));
                await db.SaveChangesAsync(ct);
            },
            CancellationToken.None);
        return scan.Id;
    }

    /// <summary>Content sent chunked: no Content-Length for the API to trust.</summary>
    private sealed class PushStreamContentOf(string text) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
            => stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(text)).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}

using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using IdentityOps.Emulator;
using Microsoft.Extensions.Time.Testing;

namespace IdentityOps.Emulator.Tests;

/// <summary>An emulator behind a plain HttpClient, on a fake clock that only moves when a test moves it.</summary>
internal sealed class EmulatorHarness : IDisposable
{
    public EmulatorHarness(EmulatedTenant tenant, GraphEmulatorOptions? options = null)
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        Emulator = new GraphEmulator(tenant, options ?? new GraphEmulatorOptions(), Time);
        Client = new HttpClient(Emulator) { BaseAddress = new Uri(GraphEmulator.BaseUrl + "/") };
    }

    public FakeTimeProvider Time { get; }

    public GraphEmulator Emulator { get; }

    public HttpClient Client { get; }

    public static GraphEmulatorOptions Unthrottled { get; } = new() { ThrottlingEnabled = false };

    public static EmulatedTenant Tenant(params (string Path, JsonNode Body)[] files) =>
        EmulatedTenant.FromSnapshotFiles(files.ToDictionary(file => file.Path, file => file.Body));

    public static JsonObject Collection(IEnumerable<JsonNode> items) => new() { ["value"] = new JsonArray([.. items]) };

    public static IEnumerable<JsonObject> Users(int count) =>
        Enumerable.Range(0, count).Select(i => new JsonObject
        {
            ["id"] = string.Create(CultureInfo.InvariantCulture, $"user-{i:D6}"),
            ["displayName"] = string.Create(CultureInfo.InvariantCulture, $"User {i}"),
            ["accountEnabled"] = i % 2 == 0,
            ["userType"] = "Member",
        });

    public async Task<(HttpStatusCode Status, JsonObject Body)> GetAsync(string url)
    {
        using var response = await Client.GetAsync(url);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        return (response.StatusCode, body);
    }

    public async Task<JsonObject> GetOkAsync(string url)
    {
        var (status, body) = await GetAsync(url);
        Assert.True(status == HttpStatusCode.OK, $"GET {url} answered {status}: {body.ToJsonString()}");
        return body;
    }

    /// <summary>Follows every nextLink, as a collector must.</summary>
    public async Task<List<JsonObject>> GetAllPagesAsync(string url)
    {
        var pages = new List<JsonObject>();
        string? next = url;
        while (next is not null)
        {
            var page = await GetOkAsync(next);
            pages.Add(page);
            next = (string?)page["@odata.nextLink"];
        }

        return pages;
    }

    public static List<string> Ids(JsonObject page) => page["value"]!.AsArray().Select(item => (string)item!["id"]!).ToList();

    public static string ErrorCode(JsonObject body) => (string)body["error"]!["code"]!;

    public void Dispose() => Client.Dispose();
}

using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IdentityOps.Core.Graph.Collection;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using IdentityOps.Emulator;
using IdentityOps.Testing;
using IdentityOps.Testing.Graph;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Core.Tests.Graph;

/// <summary>
/// Legacy authentication sign-ins: every client Microsoft documents as legacy is asked for, in requests of at most
/// 15 filter expressions (Graph's limit, which the emulator enforces on <c>auditLogs/signIns</c>).
/// </summary>
public sealed partial class LegacySignInsTests(TenantDatabase database) : IClassFixture<TenantDatabase>
{
    [Fact]
    public async Task Sign_ins_over_Outlook_Service_and_Reporting_Web_Services_are_counted_as_legacy_authentication()
    {
        var files = SampleSnapshot.Files();
        var signIns = (JsonArray)files["auditLogs/signIns.json"]["value"]!;
        var imap = (JsonObject)signIns.First(s => (string?)s!["id"] == "s1")!;
        signIns.Add(LegacySignIn(imap, "s-outlook-service", "Outlook Service"));
        signIns.Add(LegacySignIn(imap, "s-reporting", "Reporting Web Services"));
        var harness = new ScanHarness(database, EmulatedTenant.FromSnapshotFiles(files)) { TenantId = Guid.NewGuid() };

        var result = await harness.ScanAsync();

        Assert.True(result.Status == ScanStatus.Succeeded, result.Error);
        var collection = Assert.Single(result.Collections, c => c.Name == "legacySignIns");
        Assert.True(collection.IsAvailable, collection.UnavailableReason);
        Assert.Equal(4, collection.Objects);
        await using var db = database.CreateApplicationContext(harness.TenantId);
        var clients = await db.InTenantTransactionAsync(
            ct => db.SignInDailySummaries.Where(s => s.ScanId == result.ScanId && s.IsLegacyAuthentication).Select(s => s.ClientAppUsed).ToListAsync(ct),
            CancellationToken.None);
        Assert.Equal(["IMAP4", "Outlook Service", "Reporting Web Services"], clients.Order(StringComparer.Ordinal));
        var reads = harness.Emulator.Log.Requests.Where(r => r.PathAndQuery.StartsWith("/v1.0/auditLogs/signIns", StringComparison.Ordinal)).ToList();
        Assert.True(reads.Count >= 2, "the legacy clients take more than one request at 15 expressions each");
        Assert.All(reads, r => Assert.Equal(200, r.Status));
    }

    [Fact]
    public void Every_documented_legacy_client_is_asked_for_in_requests_of_at_most_15_expressions()
    {
        var filters = LegacySignInsReader.Filters(ScanHarness.AsOf.AddDays(-30), ScanHarness.AsOf).ToList();

        Assert.All(filters, filter => Assert.InRange(Comparison().Count(filter), 1, 15));
        var asked = filters.SelectMany(f => ClientValue().Matches(f).Select(m => m.Groups[1].Value)).ToList();
        Assert.Equal(LegacySignInsReader.LegacyClientApps.Order(StringComparer.Ordinal), asked.Order(StringComparer.Ordinal));
        string[] documented =
        [
            "Authenticated SMTP", "Autodiscover", "Exchange ActiveSync", "Exchange Online PowerShell", "Exchange Web Services", "IMAP4", "MAPI over HTTP",
            "Offline Address Book", "Outlook Anywhere (RPC over HTTP)", "Outlook Service", "POP3", "Reporting Web Services", "Other clients",
        ];
        Assert.All(documented, client => Assert.Contains(client, asked));
    }

    private static JsonObject LegacySignIn(JsonObject template, string id, string client)
    {
        var signIn = (JsonObject)template.DeepClone();
        signIn["id"] = id;
        signIn["clientAppUsed"] = client;
        signIn["userId"] = SampleSnapshot.BobId.ToString();
        return signIn;
    }

    [GeneratedRegex(@"\s(?:eq|ne|gt|ge|lt|le)\s")]
    private static partial Regex Comparison();

    [GeneratedRegex("clientAppUsed eq '([^']*)'")]
    private static partial Regex ClientValue();
}

using System.Globalization;
using System.Text.Json.Nodes;
using IdentityOps.Core.Graph;
using IdentityOps.Core.Graph.Collection;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using IdentityOps.Emulator;
using IdentityOps.Testing;
using IdentityOps.Testing.Graph;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Core.Tests.Graph;

/// <summary>
/// Privileged users' interactive sign-ins: read a few users per request with the filter applied by
/// Graph, summed per user, app, day and client with how many satisfied MFA, within the reports budget.
/// </summary>
public sealed class PrivilegedSignInsTests(TenantDatabase database) : IClassFixture<TenantDatabase>
{
    private const string GlobalAdministrator = "62e90394-69f5-4237-9190-012177145e10";

    [Fact]
    public async Task A_privileged_users_sign_ins_are_summed_per_app_day_and_client_with_the_ones_that_satisfied_MFA()
    {
        var harness = new ScanHarness(database, EmulatedTenant.FromSnapshotFiles(SampleSnapshot.Files())) { TenantId = Guid.NewGuid() };

        var result = await harness.ScanAsync();

        Assert.True(result.Status == ScanStatus.Succeeded, result.Error);
        var collection = Assert.Single(result.Collections, c => c.Name == "privilegedSignIns");
        Assert.True(collection.IsAvailable, collection.UnavailableReason);
        Assert.Equal(3, collection.Objects); // s5, s6, s7; s8 is older than 30 days, s1 and s2 are IMAP4 (legacySignIns)

        await using var db = database.CreateApplicationContext(harness.TenantId);
        await db.InTenantTransactionAsync(
            async ct =>
            {
                var rows = await db.SignInDailySummaries.Where(s => s.ScanId == result.ScanId && !s.IsLegacyAuthentication).OrderBy(s => s.Day).ToListAsync(ct);
                Assert.All(rows, row => Assert.Equal(SampleSnapshot.AliceId, row.UserId)); // Bob holds no role: his Browser sign-in is not read
                Assert.Collection(
                    rows,
                    browser =>
                    {
                        Assert.Equal((new DateOnly(2026, 11, 21), "Browser", SampleSnapshot.AppId), (browser.Day, browser.ClientAppUsed, browser.AppId));
                        Assert.Equal((2, 0, 1), (browser.SignIns, browser.Failures, browser.MfaSatisfied)); // s5 with MFA, s6 with one factor
                        Assert.Equal(new DateTimeOffset(2026, 11, 21, 12, 30, 0, TimeSpan.Zero), browser.LastSeenAt);
                    },
                    mobile =>
                    {
                        Assert.Equal((new DateOnly(2026, 11, 22), "Mobile Apps and Desktop clients"), (mobile.Day, mobile.ClientAppUsed));
                        Assert.Equal((1, 1, 0), (mobile.SignIns, mobile.Failures, mobile.MfaSatisfied)); // MFA was required, and the sign-in failed
                        Assert.Equal(new DateTimeOffset(2026, 11, 22, 7, 0, 0, TimeSpan.Zero), mobile.LastSeenAt);
                    });

                var legacy = Assert.Single(await db.SignInDailySummaries.Where(s => s.ScanId == result.ScanId && s.IsLegacyAuthentication).ToListAsync(ct));
                Assert.Equal(("IMAP4", 2, 0), (legacy.ClientAppUsed, legacy.SignIns, legacy.MfaSatisfied));
            },
            CancellationToken.None);
    }

    [Fact]
    public async Task Graph_filters_on_the_server_so_only_privileged_users_sign_ins_travel_a_few_users_per_request()
    {
        var (files, admins) = TenantWithAdmins(admins: 30, others: 50);
        var recorder = new SignInRecorder();
        var harness = new ScanHarness(database, EmulatedTenant.FromSnapshotFiles(files))
        {
            TenantId = Guid.NewGuid(),
            Transport = emulator => recorder.Wrap(emulator),
        };

        var result = await harness.ScanAsync();

        Assert.True(result.Status == ScanStatus.Succeeded, result.Error);
        var requests = harness.Emulator.Log.Requests.Where(r => r.PathAndQuery.StartsWith("/beta/auditLogs/signIns", StringComparison.Ordinal)).ToList();
        Assert.Equal((int)Math.Ceiling((admins.Count + 1) / (double)PrivilegedSignInsReader.UsersPerRequest), requests.Count); // Alice holds a role too
        Assert.All(requests, r => Assert.Equal(200, r.Status));
        foreach (var request in requests)
        {
            var url = "https://graph.microsoft.com" + request.PathAndQuery;
            Assert.True(url.Length <= PrivilegedSignInsReader.MaxUrlLength, $"{url.Length} characters");
            var query = Uri.UnescapeDataString(request.PathAndQuery);
            var filter = query[(query.IndexOf("$filter=", StringComparison.Ordinal) + 8)..].Split('&')[0];
            var expressions = filter.Split([" and ", " or "], StringSplitOptions.None).Length;
            Assert.InRange(expressions, 3, PrivilegedSignInsReader.MaxFilterExpressions);
            Assert.Contains("userId eq '", filter, StringComparison.Ordinal);
            Assert.DoesNotContain("ipAddress", query, StringComparison.Ordinal);
            Assert.DoesNotContain("userAgent", query, StringComparison.Ordinal);
            Assert.DoesNotContain("location", query, StringComparison.Ordinal);
            Assert.DoesNotContain("deviceDetail", query, StringComparison.Ordinal);
        }

        // What travelled: the privileged users' events of the window, nothing of anyone else.
        var privileged = admins.Append(SampleSnapshot.AliceId).Select(id => id.ToString()).ToHashSet();
        Assert.All(recorder.UserIds, user => Assert.Contains(user, privileged));
        Assert.Equal((admins.Count * 2) + 5, recorder.UserIds.Count); // two each in the window, and Alice's s1, s2, s5, s6, s7
        Assert.Equal((admins.Count * 2) + 3, Assert.Single(result.Collections, c => c.Name == "privilegedSignIns").Objects);
    }

    [Fact]
    public async Task More_report_requests_than_one_window_allows_are_paced_and_graph_throttles_none()
    {
        const double Speed = 5;
        var (files, _) = TenantWithAdmins(admins: 70, others: 10);
        var harness = new ScanHarness(database, EmulatedTenant.FromSnapshotFiles(files), new GraphEmulatorOptions { ThrottleSpeedFactor = Speed })
        {
            TenantId = Guid.NewGuid(),
            Pacing = new GraphPacingOptions { TimeScale = Speed },
        };

        var result = await harness.ScanAsync();

        Assert.True(result.Status == ScanStatus.Succeeded, result.Error);
        var reports = harness.Emulator.Log.Requests.Where(r => r.PathAndQuery.Contains("/auditLogs/", StringComparison.Ordinal) || r.PathAndQuery.Contains("/reports/", StringComparison.Ordinal)).ToList();
        Assert.True(reports.Count >= 8, $"{reports.Count} report requests: not enough to need a second window");
        Assert.Equal(0, harness.Emulator.Log.Throttled);
    }

    [Fact]
    public void Each_filter_names_at_most_thirteen_users_besides_the_time_window_and_every_user_once()
    {
        var users = Enumerable.Range(0, 40).Select(i => Guid.Parse(string.Create(CultureInfo.InvariantCulture, $"00000000-0000-4000-8000-{i:D12}"))).Reverse().ToList();

        var filters = PrivilegedSignInsReader.Filters(users, ScanHarness.AsOf.AddDays(-30), ScanHarness.AsOf).ToList();

        Assert.Equal(4, filters.Count);
        Assert.All(filters, f => Assert.StartsWith("createdDateTime ge 2026-10-26T00:00:00Z and createdDateTime le 2026-11-25T00:00:00Z and (userId eq '", f, StringComparison.Ordinal));
        Assert.All(filters, f => Assert.InRange(f.Split(" eq ").Length - 1, 1, PrivilegedSignInsReader.UsersPerRequest));
        Assert.Equal(users.Order().Select(u => u.ToString()), filters.SelectMany(f => f.Split('\'').Where((_, i) => i % 2 == 1)));
    }

    /// <summary>The sample tenant plus <paramref name="admins"/> Global Administrators and <paramref name="others"/> users without a role, all signing in.</summary>
    private static (Dictionary<string, JsonNode> Files, List<Guid> Admins) TenantWithAdmins(int admins, int others)
    {
        var files = SampleSnapshot.Files();
        var assignments = files["roleManagement/directory/roleAssignments.json"]["value"]!.AsArray();
        var signIns = files["auditLogs/signIns.json"]["value"]!.AsArray();
        var adminIds = new List<Guid>();
        for (var i = 0; i < admins + others; i++)
        {
            var user = Guid.Parse(string.Create(CultureInfo.InvariantCulture, $"e0000000-0000-4000-8000-{i:D12}"));
            if (i < admins)
            {
                adminIds.Add(user);
                assignments.Add(new JsonObject
                {
                    ["id"] = string.Create(CultureInfo.InvariantCulture, $"ra-admin-{i}"),
                    ["roleDefinitionId"] = GlobalAdministrator,
                    ["principalId"] = user.ToString(),
                    ["directoryScopeId"] = "/",
                    ["principal"] = new JsonObject { ["@odata.type"] = "#microsoft.graph.user", ["id"] = user.ToString() },
                });
            }

            foreach (var (suffix, at) in new[] { ("a", "2026-11-23T08:00:00Z"), ("b", "2026-11-24T08:00:00Z"), ("old", "2026-09-01T08:00:00Z") })
            {
                signIns.Add(new JsonObject
                {
                    ["id"] = string.Create(CultureInfo.InvariantCulture, $"sx-{i}-{suffix}"),
                    ["createdDateTime"] = at,
                    ["userId"] = user.ToString(),
                    ["appId"] = SampleSnapshot.AppId.ToString(),
                    ["clientAppUsed"] = "Browser",
                    ["ipAddress"] = SampleSnapshot.IpCanary,
                    ["authenticationRequirement"] = SampleSnapshot.MultiFactor,
                    ["status"] = new JsonObject { ["errorCode"] = 0 },
                });
            }
        }

        return (files, adminIds);
    }

    /// <summary>Reads the bodies of the beta sign-in pages on their way back: the user of every event that travelled.</summary>
    private sealed class SignInRecorder
    {
        private readonly Lock gate = new();

        public List<string> UserIds { get; } = [];

        public HttpMessageHandler Wrap(HttpMessageHandler inner) => new Recording(this) { InnerHandler = inner };

        private sealed class Recording(SignInRecorder owner) : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var response = await base.SendAsync(request, cancellationToken);
                if (request.RequestUri!.AbsolutePath.StartsWith("/beta/auditLogs/signIns", StringComparison.Ordinal) && response.IsSuccessStatusCode)
                {
                    var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
                    lock (owner.gate)
                    {
                        owner.UserIds.AddRange(body["value"]!.AsArray().Select(item => (string)item!["userId"]!));
                    }
                }

                return response;
            }
        }
    }
}

using System.Net;
using System.Text;
using System.Text.Json;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Reports;
using IdentityOps.Emulator;
using IdentityOps.Emulator.Synthetic;
using IdentityOps.Testing;
using IdentityOps.Testing.Graph;

namespace IdentityOps.Core.Tests.Graph.Faults;

/// <summary>
/// A full scan of the sample tenant under injected faults (20 % of requests: 429 with whole, fractional and no
/// Retry-After, 503, 504, dropped connections, truncated bodies) gives the findings.json of a clean run, with the
/// same fixed as-of time. Only <c>tenantId</c> and <c>scanId</c> vary between two scans (docs/findings-schema.md).
/// Where a collection cannot be read within the retry budget, its rules say "not evaluated" with the reason:
/// every rule is either evaluated with the clean run's outcome or reported not evaluated — never silently dropped.
/// </summary>
public sealed class FaultedScanFindingsTests(TenantDatabase database) : IClassFixture<TenantDatabase>
{
    /// <summary>The sample tenant: the deterministic synthetic tenant with its planted risks (what <c>./build.sh demo</c> scans).</summary>
    private static readonly SyntheticTenant Sample = SyntheticTenantGenerator.Generate(SyntheticTenantSpec.Small);

    private static readonly FaultKind[] TransportFaults =
    [
        FaultKind.TooManyRequestsWithRetryAfter, FaultKind.TooManyRequestsFractionalRetryAfter, FaultKind.TooManyRequestsWithoutRetryAfter,
        FaultKind.ServiceUnavailable, FaultKind.GatewayTimeout, FaultKind.DroppedConnection, FaultKind.TruncatedBody,
    ];

    // Concurrency decides which request draws which fault, so each seed is one sample of many interleavings.
    [Theory]
    [InlineData(5)]
    [InlineData(17)]
    [InlineData(2026)]
    public async Task A_scan_under_twenty_percent_faults_writes_the_same_findings_json_as_a_clean_run(int seed)
    {
        var clean = await FindingsAsync(new GraphEmulatorOptions { ThrottleSpeedFactor = 1000 });
        var faulty = await FindingsAsync(new GraphEmulatorOptions { ThrottleSpeedFactor = 1000, Faults = new FaultPlan(seed, 0.2, TransportFaults) });

        Assert.True(faulty.Injected > 0, "the fault plan injected no failure the emulator's log shows");
        AssertEveryRuleEvaluatedAlikeOrNotEvaluated(clean.Json, faulty.Json);
        Assert.Equal(clean.Json, faulty.Json);
    }

    [Fact]
    public async Task A_collection_Graph_keeps_failing_past_the_retry_budget_leaves_its_rules_not_evaluated_with_the_reason_and_the_rest_as_a_clean_run()
    {
        var clean = await FindingsAsync(new GraphEmulatorOptions { ThrottleSpeedFactor = 1000 });
        var faulty = await FindingsAsync(
            new GraphEmulatorOptions { ThrottleSpeedFactor = 1000, Faults = new FaultPlan(99, 0.2, TransportFaults) },
            emulator => new FailingTransport(emulator, uri => uri.AbsolutePath.Contains("/auditLogs/", StringComparison.Ordinal), HttpStatusCode.ServiceUnavailable, "serviceNotAvailable"));

        var notEvaluated = RulesByOutcome(faulty.Json, "notEvaluated");
        Assert.Contains("signin-privileged-without-mfa", notEvaluated.Keys);
        Assert.All(notEvaluated.Values, reason => Assert.False(string.IsNullOrWhiteSpace(reason)));
        Assert.Contains(notEvaluated, rule => rule.Value.Contains("503", StringComparison.Ordinal));
        AssertEveryRuleEvaluatedAlikeOrNotEvaluated(clean.Json, faulty.Json);
    }

    private async Task<Findings> FindingsAsync(GraphEmulatorOptions options, Func<HttpMessageHandler, HttpMessageHandler>? transport = null)
    {
        var harness = new ScanHarness(database, EmulatedTenant.FromSnapshotFiles(Sample.Files), options)
        {
            TenantId = Guid.NewGuid(),
            Transport = transport ?? (emulator => emulator),
        };
        var scan = await harness.ScanAsync(Sample.Spec.AsOf);
        Assert.True(scan.Status == ScanStatus.Succeeded, scan.Error);
        await harness.EvaluateAsync(scan.ScanId, Sample.Spec.AsOf);
        var json = Encoding.UTF8.GetString(FindingsJsonWriter.Write(await harness.ReportAsync(scan.ScanId)))
            .Replace(harness.TenantId.ToString(), "<tenant>", StringComparison.OrdinalIgnoreCase)
            .Replace(scan.ScanId.ToString(), "<scan>", StringComparison.OrdinalIgnoreCase);
        var failed = harness.Emulator.Log.Requests.Count(r => r.Status is 0 or >= 400);
        return new Findings(json, failed);
    }

    private static void AssertEveryRuleEvaluatedAlikeOrNotEvaluated(string clean, string faulty)
    {
        var cleanFindings = FindingsByRule(clean);
        var faultyFindings = FindingsByRule(faulty);
        var faultyNotEvaluated = RulesByOutcome(faulty, "notEvaluated");
        var cleanNotEvaluated = RulesByOutcome(clean, "notEvaluated");
        foreach (var rule in ScanHarness.Catalog.Rules.Select(r => r.Definition.Id))
        {
            if (faultyNotEvaluated.TryGetValue(rule, out var reason))
            {
                Assert.False(string.IsNullOrWhiteSpace(reason), $"{rule} is not evaluated without a reason");
                Assert.False(faultyFindings.ContainsKey(rule), $"{rule} is not evaluated yet has findings");
                continue;
            }

            Assert.False(cleanNotEvaluated.ContainsKey(rule), $"{rule} was not evaluated in the clean run but was under faults");
            var expected = cleanFindings.GetValueOrDefault(rule, []);
            var actual = faultyFindings.GetValueOrDefault(rule, []);
            Assert.True(
                expected.Select(Outcome).SequenceEqual(actual.Select(Outcome)),
                $"{rule} found other objects or evidence under faults:\n{string.Join('\n', expected)}\n---\n{string.Join('\n', actual)}");
            foreach (var (before, after) in expected.Zip(actual))
            {
                // A finding may weigh differently only when it says which data it could not weigh.
                Assert.True(before == after || after.Contains("could not be checked", StringComparison.Ordinal), $"{rule} scored differently under faults without saying why:\n{before}\n---\n{after}");
            }
        }
    }

    /// <summary>What a finding found: the rule, the object and the evidence (not the weighing).</summary>
    private static string Outcome(string finding)
    {
        using var document = JsonDocument.Parse(finding);
        var root = document.RootElement;
        return $"{root.GetProperty("ruleId")}|{root.GetProperty("objectId")}|{root.GetProperty("evidence").GetRawText()}";
    }

    private static Dictionary<string, List<string>> FindingsByRule(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("findings").EnumerateArray()
            .GroupBy(f => f.GetProperty("ruleId").GetString()!)
            .ToDictionary(g => g.Key, g => g.Select(f => f.GetRawText()).Order(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
    }

    private static Dictionary<string, string> RulesByOutcome(string json, string section)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty(section).EnumerateArray()
            .ToDictionary(r => r.GetProperty("ruleId").GetString()!, r => r.GetProperty("reason").GetString()!, StringComparer.Ordinal);
    }

    private sealed record Findings(string Json, int Injected);
}

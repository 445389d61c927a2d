using IdentityOps.Core.Graph;
using IdentityOps.Core.Graph.Collection;
using IdentityOps.Core.Inventory;
using IdentityOps.Emulator;
using IdentityOps.Emulator.Synthetic;
using IdentityOps.Testing;
using IdentityOps.Testing.Graph;
using Microsoft.Extensions.Logging.Abstractions;

namespace IdentityOps.Core.Tests.Graph;

/// <summary>
/// Least privilege, stated and checked: the requested scopes are exactly those the readers' declared requests need,
/// every request a full scan sends is a declared one, and Global Reader (the least directory role for a full scan)
/// reads every collection while an admin without a role is told, rule by rule, what could not be evaluated.
/// </summary>
public sealed class LeastPrivilegeTests(TenantDatabase database) : IClassFixture<TenantDatabase>
{
    private static readonly SyntheticTenant Synthetic = SyntheticTenantGenerator.Generate(SyntheticTenantSpec.Small);

    private static IReadOnlyList<GraphRead> AllReads { get; } =
        [.. new GraphCollector(TimeProvider.System, NullLogger<GraphCollector>.Instance).Readers.SelectMany(r => r.Reads), DelegatedAccessProbe.Read];

    [Fact]
    public void Every_scope_a_reader_needs_is_requested()
    {
        var missing = AllReads.Where(read => !GraphScopes.Delegated.Contains(read.Scope)).Select(read => $"{read.Version} {read.Request} needs {read.Scope}").ToList();

        Assert.True(missing.Count == 0, "not requested: " + string.Join("; ", missing));
    }

    [Fact]
    public void Every_requested_scope_is_the_least_scope_of_a_request_a_reader_makes()
    {
        // A scope that is only ever a wider stand-in could be replaced by the narrower ones: it is not the fewest.
        var unneeded = GraphScopes.Delegated.Where(scope => !AllReads.Any(read => read.Scope == scope && read.LeastScope == scope)).ToList();

        Assert.True(unneeded.Count == 0, "requested but the least scope of no request: " + string.Join(", ", unneeded));
        Assert.DoesNotContain("UserAuthenticationMethod.Read.All", GraphScopes.Delegated);
    }

    [Fact]
    public async Task Every_request_a_full_scan_sends_is_one_a_reader_declares()
    {
        var harness = Harness(new TenantAccess(EntraLicence.P2, DirectoryRoleNames.GlobalReader));

        var result = await harness.ScanAsync(Synthetic.Spec.AsOf);

        Assert.True(result.Status == ScanStatus.Succeeded, result.Error);
        var undeclared = harness.Emulator.Log.Requests
            .Select(r => GraphTarget.Parse(r.PathAndQuery))
            .Where(target => !target.IsBatch && !AllReads.Any(read => Declares(read, target)))
            .Select(target => $"{target.Version}/{target.Path}")
            .Distinct(StringComparer.Ordinal)
            .ToList();
        Assert.True(undeclared.Count == 0, "sent but declared by no reader: " + string.Join(", ", undeclared));
    }

    [Fact]
    public async Task A_global_reader_scans_the_synthetic_tenant_with_every_collection_available()
    {
        var harness = Harness(new TenantAccess(EntraLicence.P2, DirectoryRoleNames.GlobalReader));

        var result = await harness.ScanAsync(Synthetic.Spec.AsOf);

        Assert.True(result.Status == ScanStatus.Succeeded, result.Error);
        Assert.All(result.Collections, c => Assert.True(c.IsAvailable, $"{c.Name}: {c.UnavailableReason}"));
        await harness.EvaluateAsync(result.ScanId, Synthetic.Spec.AsOf);
        var report = await harness.ReportAsync(result.ScanId);
        Assert.DoesNotContain(report.NotEvaluated, r => r.Reason.Contains("Graph refused", StringComparison.Ordinal) || r.Reason.Contains("licence", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_admin_without_a_directory_role_scans_the_directory_and_is_told_which_rules_could_not_be_evaluated()
    {
        var harness = Harness(new TenantAccess(EntraLicence.P2));

        var result = await harness.ScanAsync(Synthetic.Spec.AsOf);

        Assert.True(result.Status == ScanStatus.Succeeded, result.Error);
        Assert.True(Assert.Single(result.Collections, c => c.Name == "applications").IsAvailable);
        Assert.Contains("403 Authorization_RequestDenied", Assert.Single(result.Collections, c => c.Name == "conditionalAccessPolicies").UnavailableReason, StringComparison.Ordinal);
        await harness.EvaluateAsync(result.ScanId, Synthetic.Spec.AsOf);
        var report = await harness.ReportAsync(result.ScanId);
        Assert.Contains(report.NotEvaluated, r => r.RuleId == "signin-legacy-authentication" && r.Reason.Contains("Authorization_RequestDenied", StringComparison.Ordinal));
        Assert.Contains(report.NotEvaluated, r => r.RuleId == "role-privileged-permanent" && r.Reason.Contains("Authorization_RequestDenied", StringComparison.Ordinal));
    }

    private ScanHarness Harness(TenantAccess access)
        => new(database, EmulatedTenant.FromSnapshotFiles(Synthetic.Files), new GraphEmulatorOptions { ThrottleSpeedFactor = 1000, Access = access }) { TenantId = Guid.NewGuid() };

    /// <summary>Same version, and the same path segment by segment, <c>{id}</c> standing for any one segment.</summary>
    private static bool Declares(GraphRead read, GraphTarget target)
    {
        var declared = read.Request.Split(' ')[0].Split('?')[0].Trim('/').Split('/');
        var sent = target.Path.Split('/').Select(s => s.Equals("delta()", StringComparison.OrdinalIgnoreCase) || s.Equals("microsoft.graph.delta()", StringComparison.OrdinalIgnoreCase) ? "delta" : s).ToArray();
        return read.Version == target.Version
            && declared.Length == sent.Length
            && declared.Zip(sent).All(pair => pair.First == "{id}" || pair.First.Equals(pair.Second, StringComparison.OrdinalIgnoreCase));
    }
}

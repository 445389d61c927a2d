using System.Text.Json;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using IdentityOps.Emulator;
using IdentityOps.Testing;
using IdentityOps.Testing.Graph;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Core.Tests.Graph.DocsExamples;

/// <summary>
/// A full scan of a tenant made only of Microsoft's published example responses, through the real SDK,
/// collector, database and rules: what Graph documents it sends is what the collector must survive.
/// </summary>
public sealed class DocsExampleScanTests(TenantDatabase database) : IClassFixture<TenantDatabase>
{
    // The collector's collection name → the emulator paths it reads (what the corpus serves there).
    private static readonly Dictionary<string, string[]> ServedBy = new(StringComparer.Ordinal)
    {
        ["applications"] = ["applications"],
        ["servicePrincipals"] = ["servicePrincipals"],
        ["oauth2PermissionGrants"] = ["oauth2PermissionGrants"],
        ["users"] = ["users"],
        ["userRegistrationDetails"] = ["reports/authenticationMethods/userRegistrationDetails"],
        ["conditionalAccessPolicies"] = ["identity/conditionalAccess/policies"],
        ["servicePrincipalSignInActivities"] = ["reports/servicePrincipalSignInActivities"],
        ["roleSchedules"] = ["roleManagement/directory/roleEligibilitySchedules", "roleManagement/directory/roleAssignmentScheduleInstances"],
    };

    [Fact]
    public void Every_example_parses_after_its_recorded_fixes_and_a_recorded_fix_is_one_the_example_needs()
    {
        foreach (var example in DocsExampleCorpus.Examples())
        {
            Assert.Matches("^[0-9a-f]{40}$", example.Commit);
            Assert.StartsWith("api-reference/", example.Page, StringComparison.Ordinal);
            Assert.NotNull(DocsExampleCorpus.Parse(example));
            if (example.Fixes.Count > 0)
            {
                // A fix is recorded only where the verbatim text is not JSON: nothing else is changed.
                Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(DocsExampleCorpus.RawText(example)).Dispose());
            }
            else
            {
                JsonDocument.Parse(DocsExampleCorpus.RawText(example)).Dispose();
            }
        }
    }

    [Fact]
    public async Task A_scan_of_microsofts_example_responses_maps_or_counts_every_object_and_evaluates_every_rule_it_can()
    {
        var harness = new ScanHarness(database, EmulatedTenant.FromSnapshotFiles(DocsExampleCorpus.SnapshotFiles())) { TenantId = DocsExampleCorpus.TenantId };

        var result = await harness.ScanAsync();

        Assert.True(result.Status == ScanStatus.Succeeded, result.Error);
        var collections = result.Collections.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var served = DocsExampleCorpus.ServedCounts();
        foreach (var (name, paths) in ServedBy)
        {
            var outcome = collections[name];
            Assert.True(outcome.IsAvailable, $"{name}: {outcome.UnavailableReason}");
            var skipped = outcome.Warnings.Select(SkippedCount).Sum();
            var expected = paths.Sum(p => served[p]);
            Assert.True(outcome.Objects + skipped == expected, $"{name}: {expected} served, {outcome.Objects} kept + {skipped} skipped; warnings: {string.Join(" | ", outcome.Warnings)}");
        }

        await harness.EvaluateAsync(result.ScanId);
        var report = await harness.ReportAsync(result.ScanId);
        var catalog = ScanHarness.Catalog.Rules.ToDictionary(r => r.Definition.Id, r => r.Definition, StringComparer.Ordinal);
        foreach (var rule in report.NotEvaluated)
        {
            // Not evaluated only because an input the rule declares is unavailable in this scan, and it says which.
            var input = catalog[rule.RuleId].RequiredData.FirstOrDefault(d => rule.Reason.StartsWith(d + " is unavailable: ", StringComparison.Ordinal));
            Assert.True(input is not null, $"{rule.RuleId}: '{rule.Reason}' names none of its inputs");
            Assert.True(IsUnavailable(result.Collections, input), $"{rule.RuleId} was not evaluated although {input} was collected: {rule.Reason}");
        }

        foreach (var definition in catalog.Values.Where(d => d.RequiredData.All(input => !IsUnavailable(result.Collections, input))))
        {
            Assert.DoesNotContain(report.NotEvaluated, n => n.RuleId == definition.Id);
        }
    }

    private static bool IsUnavailable(IReadOnlyList<Core.Graph.Collection.CollectionOutcome> collections, string input)
    {
        var dot = input.IndexOf('.', StringComparison.Ordinal);
        var name = dot > 0 ? input[..dot] : input;
        var outcome = collections.SingleOrDefault(c => c.Name == name);
        return outcome is null || !outcome.IsAvailable || (dot > 0 && outcome.UnavailableParts.ContainsKey(input[(dot + 1)..]));
    }

    private static int SkippedCount(string warning)
    {
        const string Prefix = "skipped ";
        if (!warning.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return 0;
        }

        var end = warning.IndexOf(' ', Prefix.Length);
        return int.Parse(warning[Prefix.Length..end], System.Globalization.CultureInfo.InvariantCulture);
    }
}

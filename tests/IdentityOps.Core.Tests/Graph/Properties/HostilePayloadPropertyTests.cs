using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Reports;
using IdentityOps.Emulator;
using IdentityOps.Testing;
using IdentityOps.Testing.Graph;

namespace IdentityOps.Core.Tests.Graph.Properties;

/// <summary>
/// Property tests over Graph payloads served through the emulator and the whole scan (SDK, collector mapping,
/// PostgreSQL, rules, reports): null and missing fields, unknown enum values, 20,000-character strings, control and
/// bidi characters, hostile display names, duplicate ids, empty pages. The scan never crashes; a bad object is
/// skipped and counted with its reason in the collection's warnings; a hostile name reaches the reports only escaped.
/// Each case is a full scan, so the number of cases is kept small (FsCheck still shrinks a failing one).
/// </summary>
public sealed class HostilePayloadPropertyTests(TenantDatabase database) : IClassFixture<TenantDatabase>
{
    private const int Cases = 12;

    private static readonly string?[] Names =
    [
        null, "", "Payroll", new string('x', 20_000), "{{ 7*7 }}", "<script>alert('x')</script>", "=HYPERLINK(\"http://evil.example\",\"open\")",
        "+cmd|' /C calc'!A0", "@SUM(1+1)", "tab\there\u0001\u0007\u001b[31mred", "\u202Egnp.exe\u2066isolate\u2069", "nul\u0000byte", "\uFEFFbom \u200Bzero-width",
    ];

    private static readonly string?[] Audiences = [null, "AzureADMyOrg", "AzureADMultipleOrgs", "SomethingGraphAddsLater"];

    private static readonly string?[] UserTypes = [null, "Member", "Guest", "Alien"];

    private enum IdShape
    {
        Valid,
        Null,
        Missing,
        NotAGuid,
        DuplicateOfPrevious,
    }

    private sealed record HostileObject(IdShape Id, int Name, bool NameMissing, int Audience, bool ExpiredSecret, bool NullCredentials);

    private sealed record HostileTenant(bool KeepSampleApps, IReadOnlyList<HostileObject> Apps, IReadOnlyList<HostileObject> Users)
    {
        public override string ToString()
            => $"keepSampleApps={KeepSampleApps}; apps=[{string.Join("; ", Apps)}]; users=[{string.Join("; ", Users)}]";
    }

    private static Gen<HostileObject> ObjectGen =>
        from id in Gen.Frequency((4, Gen.Constant(IdShape.Valid)), (1, Gen.Elements(IdShape.Null, IdShape.Missing, IdShape.NotAGuid, IdShape.DuplicateOfPrevious)))
        from name in Gen.Choose(0, Names.Length - 1)
        from nameMissing in Gen.Frequency((5, Gen.Constant(false)), (1, Gen.Constant(true)))
        from audience in Gen.Choose(0, Audiences.Length - 1)
        from expired in Gen.Elements(true, false)
        from nullCredentials in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
        select new HostileObject(id, name, nameMissing, audience, expired, nullCredentials);

    private static Arbitrary<HostileTenant> Tenants =>
        Arb.From(
            from keep in Gen.Elements(true, false)
            from appCount in Gen.Choose(0, 6)
            from apps in Gen.ListOf(ObjectGen, appCount)
            from userCount in Gen.Choose(0, 4)
            from users in Gen.ListOf(ObjectGen, userCount)
            select new HostileTenant(keep, [.. apps], [.. users]));

    [Fact]
    public void Hostile_payloads_never_crash_the_scan_bad_objects_are_counted_with_their_reason_and_names_reach_reports_escaped()
    {
        var property = Prop.ForAll(Tenants, tenant => Task.Run(() => ScanAndCheckAsync(tenant)).GetAwaiter().GetResult());

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(Cases).WithQuietOnSuccess(true), property);
    }

    private async Task ScanAndCheckAsync(HostileTenant hostile)
    {
        var files = SampleSnapshot.Files();
        var apps = (JsonArray)files["applications.json"]["value"]!;
        if (!hostile.KeepSampleApps)
        {
            apps.Clear(); // an empty page
        }

        var keptApps = apps.Count + Append(apps, hostile.Apps, AppJson);
        var users = (JsonArray)files["users.json"]["value"]!;
        var keptUsers = users.Count + Append(users, hostile.Users, UserJson);
        var harness = new ScanHarness(database, EmulatedTenant.FromSnapshotFiles(files)) { TenantId = Guid.NewGuid() };

        var result = await harness.ScanAsync();

        Assert.True(result.Status == ScanStatus.Succeeded, result.Error);
        AssertCounted(result.Collections.Single(c => c.Name == "applications"), keptApps, apps.Count - keptApps);
        AssertCounted(result.Collections.Single(c => c.Name == "users"), keptUsers, users.Count - keptUsers);

        await harness.EvaluateAsync(result.ScanId);
        var report = await harness.ReportAsync(result.ScanId);
        AssertEscaped(
            Encoding.UTF8.GetString(new ReportHtmlRenderer(ScanHarness.Catalog).Render(report)),
            Encoding.UTF8.GetString(FindingsCsvWriter.Write(report)),
            Encoding.UTF8.GetString(FindingsJsonWriter.Write(report)),
            report.Findings.Any(f => f.Finding.ObjectDisplayName == TemplateName));
    }

    private static void AssertCounted(Core.Graph.Collection.CollectionOutcome outcome, int kept, int skipped)
    {
        Assert.True(outcome.IsAvailable, outcome.UnavailableReason);
        Assert.Equal(kept, outcome.Objects);
        var counted = outcome.Warnings
            .Select(w => System.Text.RegularExpressions.Regex.Match(w, @"^skipped (\d+) object\(s\): (.+)$"))
            .Where(m => m.Success)
            .Sum(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(skipped, counted);
    }

    private const string TemplateName = "{{ 7*7 }}";

    private static void AssertEscaped(string html, string csv, string json, bool aFindingIsNamedLikeATemplate)
    {
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(html, c => c is '\u202E' or '\u2066' or '\u2069' or '\u0000' or '\u0001' or '\u0007' or '\u001b');
        // A template never evaluates a name: the name shows as written. (Looking for "49" instead misfires on honest counts.)
        if (aFindingIsNamedLikeATemplate)
        {
            Assert.Contains(TemplateName, html, StringComparison.Ordinal);
        }

        foreach (var line in csv.Split('\n'))
        {
            foreach (var cell in line.Split(','))
            {
                var value = cell.TrimStart('"');
                Assert.False(value.Length > 0 && "=+-@".Contains(value[0], StringComparison.Ordinal) && value != "-", $"a CSV cell starts with a formula character: {value[..Math.Min(60, value.Length)]}");
            }
        }

        using var document = JsonDocument.Parse(json);
        Assert.DoesNotContain("<script", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(json, c => c is '\u202E' or '\u0000' or '\u001b');
    }

    /// <summary>Appends the generated objects and returns how many of them a correct collector keeps.</summary>
    private static int Append(JsonArray into, IReadOnlyList<HostileObject> objects, Func<HostileObject, string?, JsonObject> toJson)
    {
        var kept = 0;
        string? previous = null;
        foreach (var item in objects)
        {
            var id = item.Id switch
            {
                IdShape.Valid => Guid.NewGuid().ToString(),
                IdShape.DuplicateOfPrevious => previous,
                IdShape.NotAGuid => "not-a-guid",
                _ => null,
            };
            var json = toJson(item, id);
            if (item.Id == IdShape.Null || (item.Id == IdShape.DuplicateOfPrevious && id is null))
            {
                json["id"] = null;
            }
            else if (item.Id == IdShape.Missing)
            {
                json.Remove("id");
            }

            kept += item.Id == IdShape.Valid ? 1 : 0;
            previous = item.Id == IdShape.Valid ? id : previous;
            into.Add(json);
        }

        return kept;
    }

    private static JsonObject AppJson(HostileObject item, string? id)
    {
        var app = new JsonObject { ["id"] = id, ["appId"] = Guid.NewGuid().ToString(), ["signInAudience"] = Audiences[item.Audience], ["createdDateTime"] = "2024-01-01T00:00:00Z" };
        if (!item.NameMissing)
        {
            app["displayName"] = Names[item.Name];
        }

        app["passwordCredentials"] = item.NullCredentials ? null : new JsonArray(new JsonObject
        {
            ["keyId"] = Guid.NewGuid().ToString(),
            ["displayName"] = Names[item.Name],
            ["startDateTime"] = "2025-01-01T00:00:00Z",
            ["endDateTime"] = item.ExpiredSecret ? "2026-01-01T00:00:00Z" : "2027-06-01T00:00:00Z",
        });
        return app;
    }

    private static JsonObject UserJson(HostileObject item, string? id)
    {
        var user = new JsonObject
        {
            ["id"] = id,
            ["userPrincipalName"] = $"u{Guid.NewGuid():N}@contoso.example",
            ["userType"] = UserTypes[item.Audience],
            ["accountEnabled"] = item.NullCredentials ? null : item.ExpiredSecret,
        };
        if (!item.NameMissing)
        {
            user["displayName"] = Names[item.Name];
        }

        return user;
    }
}

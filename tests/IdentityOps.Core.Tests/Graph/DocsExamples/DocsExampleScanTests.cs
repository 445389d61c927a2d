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

    // What the examples lack, and how the collector must say so: an application and a user the pages list without
    // an id (application-list.md example 1, user-list.md example 4), and an owner whose id is "id-value"
    // (application-list-owners.md), which is an object inside an application rather than one of the collection.
    private static readonly Dictionary<string, string[]> ExpectedWarnings = new(StringComparer.Ordinal)
    {
        ["applications"] = ["skipped 1 object(s): an application without a valid id or appId", "skipped 1 object(s): an owner without a valid id"],
        ["users"] = ["skipped 1 object(s): a user without a valid id"],
    };

    private static readonly HashSet<string> SkippedNested = new(StringComparer.Ordinal) { "skipped 1 object(s): an owner without a valid id" };

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

            // Every served object is kept or counted as skipped with its reason; nothing vanishes unsaid.
            var skipped = outcome.Warnings.Where(w => !SkippedNested.Contains(w)).Select(SkippedCount).Sum();
            var expected = paths.Sum(p => served[p]);
            Assert.True(outcome.Objects + skipped == expected, $"{name}: {expected} served, {outcome.Objects} kept + {skipped} skipped; warnings: {string.Join(" | ", outcome.Warnings)}");
            Assert.Equal(ExpectedWarnings.GetValueOrDefault(name, []), outcome.Warnings);
        }

        await harness.EvaluateAsync(result.ScanId);
        var report = await harness.ReportAsync(result.ScanId);
        var catalog = ScanHarness.Catalog.Rules.ToDictionary(r => r.Definition.Id, r => r.Definition, StringComparer.Ordinal);
        // The examples' organization holds no Entra ID P2: PIM's role settings apply to nothing, and the rules over them say so (issue 19 C).
        var pimSettingsRules = catalog.Values.Where(d => d.Inputs.Contains("roleManagementPolicies")).Select(d => d.Id).ToList();
        Assert.All(pimSettingsRules, id => Assert.Contains(UnavailableReasons.NoEntraIdP2, Assert.Single(report.NotEvaluated, n => n.RuleId == id).Reason, StringComparison.Ordinal));
        // So do the rules over Identity Protection's risk levels (issue 19 A1): no P2, no risk to act on, and they say so.
        var withoutP2 = report.NotEvaluated.Where(n => n.Reason.Contains(UnavailableReasons.NoEntraIdP2, StringComparison.Ordinal)).Select(n => n.RuleId).ToHashSet(StringComparer.Ordinal);
        Assert.Superset(new HashSet<string>([.. pimSettingsRules, "policy-high-risk-users-not-blocked", "policy-high-risk-sign-ins-not-blocked", "policy-risky-sign-ins-no-mfa", "policy-high-risk-users-no-password-change", "policy-risk-conditions-combined"], StringComparer.Ordinal), withoutP2);
        foreach (var rule in report.NotEvaluated.Where(n => !withoutP2.Contains(n.RuleId)))
        {
            // Not evaluated only because an input the rule declares is unavailable in this scan, and it says which.
            var input = catalog[rule.RuleId].Inputs.FirstOrDefault(d => rule.Reason.StartsWith($"not evaluated: {d} unavailable (", StringComparison.Ordinal));
            Assert.True(input is not null, $"{rule.RuleId}: '{rule.Reason}' names none of its inputs");
            Assert.True(IsUnavailable(result.Collections, input), $"{rule.RuleId} was not evaluated although {input} was collected: {rule.Reason}");
        }

        foreach (var definition in catalog.Values.Where(d => !withoutP2.Contains(d.Id) && d.Inputs.All(input => !IsUnavailable(result.Collections, input))))
        {
            Assert.DoesNotContain(report.NotEvaluated, n => n.RuleId == definition.Id);
        }

        // Microsoft's examples are shortened and do not agree with each other: the role assignments name Global
        // Administrator and Global Reader while the role definitions example lists three other roles, and no user or
        // application example carries accountEnabled, userType or spa. The rules that need those say so, and why;
        // nothing is judged on data the examples do not hold.
        const string UnlistedRoles = "role assignments name 62e90394-69f5-4237-9190-012177145e10, f2ef992c-3afb-46b9-b7cf-a126ee74c451, which the role definitions Graph returned do not include";
        var privilegeRules = catalog.Values.Where(d => d.Inputs.Contains("directoryRoles.isPrivileged")).Select(d => d.Id).ToList();
        Assert.All(privilegeRules, id => Assert.Contains(UnlistedRoles, Assert.Single(report.NotEvaluated, n => n.RuleId == id).Reason, StringComparison.Ordinal));
        Assert.All(
            report.NotEvaluated.Where(n => !privilegeRules.Contains(n.RuleId) && !withoutP2.Contains(n.RuleId)),
            n => Assert.Matches(@"^not evaluated: \w+\.\w+ unavailable \(Graph returned no \w+ on any of \d+ \w+\)$", n.Reason));

        // Every rule is accounted for: evaluated, or not evaluated with the unavailable input named above.
        Assert.True(
            catalog.Count == report.RulesEvaluated + report.NotEvaluated.Count,
            $"{catalog.Count} rules, {report.RulesEvaluated} evaluated, not evaluated: {string.Join(" | ", report.NotEvaluated.Select(n => $"{n.RuleId}: {n.Reason}"))}");
    }

    [Fact]
    public async Task The_stored_inventory_carries_the_values_of_the_example_json()
    {
        var harness = new ScanHarness(database, EmulatedTenant.FromSnapshotFiles(DocsExampleCorpus.SnapshotFiles())) { TenantId = DocsExampleCorpus.TenantId };

        var result = await harness.ScanAsync();

        Assert.True(result.Status == ScanStatus.Succeeded, result.Error);
        var outcomes = string.Join("\n", result.Collections.Select(c => $"{c.Name}: {c.Objects} {c.UnavailableReason} [{string.Join(" | ", c.Warnings)}]"));
        await using var db = database.CreateApplicationContext(DocsExampleCorpus.TenantId);
        await db.InTenantTransactionAsync(
            async ct =>
            {
                // application-get.md example 1, and its owner from application-list-owners.md ("id-value" is no object id).
                var app = await db.Applications.SingleAsync(a => a.ScanId == result.ScanId && a.ObjectId == Guid.Parse("03ef14b0-ca33-4840-8f4f-d6e91916010e"), ct);
                Assert.Equal(
                    (Guid.Parse("631a96bc-a705-4eda-9f99-fdaf9f54f6a2"), "Display name", "AzureADandPersonalMicrosoftAccount", "contoso.com", "publisher_contoso"),
                    (app.AppId, app.DisplayName, app.SignInAudience, app.PublisherDomain, app.VerifiedPublisherName));
                // "2019-09-17T19:10:35.2742618Z" kept to the microsecond, PostgreSQL's timestamptz precision.
                Assert.Equal(new DateTimeOffset(2019, 9, 17, 19, 10, 35, TimeSpan.Zero).AddTicks(2742610), app.CreatedAt);
                Assert.False(app.ImplicitAccessTokenIssuance);

                // application-get.md example 2: the requested Microsoft Graph scopes.
                var postman = await db.Applications.SingleAsync(a => a.ScanId == result.ScanId && a.DisplayName == "PostmanWeb", ct);
                Assert.Contains("ad902697-1014-4ef5-81ef-2b4301988e8c", postman.RequiredResourceAccess, StringComparison.Ordinal);

                // serviceprincipal-list.md
                var sp = await db.ServicePrincipals.SingleAsync(s => s.ScanId == result.ScanId, ct);
                Assert.Equal(
                    (Guid.Parse("59e617e5-e447-4adc-8b88-00af644d7c92"), Guid.Parse("65415bb1-9267-4313-bbf5-ae259732ee12"), "foo", (Guid?)Guid.Parse("1bc1c026-2f7b-48a5-98da-afa2fd8bc7bc"), true),
                    (sp.ObjectId, sp.AppId, sp.DisplayName, sp.AppOwnerOrganizationId, sp.AccountEnabled));

                // oauth2permissiongrant-list.md: a tenant-wide grant has a null principalId.
                var grant = await db.DelegatedGrants.SingleAsync(g => g.ScanId == result.ScanId && g.GrantId == "AVs6JuUDjkCFV7q2gd8QTPimBBgj5iBFj0C6GwwRxC0", ct);
                Assert.Equal(("AllPrincipals", (Guid?)null, Guid.Parse("263a5b01-03e5-408e-8557-bab681df104c")), (grant.ConsentType, grant.PrincipalId, grant.ClientId));
                Assert.Equal(["User.Read", "Group.ReadWrite.All"], grant.Scopes);

                // beta rbacapplication-list-roledefinitions.md: isPrivileged as beta reports it.
                var roles = await db.RoleDefinitions.Where(r => r.ScanId == result.ScanId).ToDictionaryAsync(r => r.DisplayName, ct);
                Assert.True(roles["Helpdesk Administrator"].IsPrivileged);
                Assert.False(roles["Billing Administrator"].IsPrivileged);

                // rbacapplication-list-roleassignments.md example 1: the expanded principal's type.
                var guestAdmin = await db.RoleAssignments.SingleAsync(r => r.ScanId == result.ScanId && r.AssignmentId == "lAPpYvVpN0KRkAEhdxReEC6Xh29-LklLmYDrOIi9z-E-1", ct);
                Assert.Equal(("62e90394-69f5-4237-9190-012177145e10", Guid.Parse("6f87972e-2e7e-4b49-9980-eb3888bdcfe1"), "user"), (guestAdmin.RoleDefinitionId, guestAdmin.PrincipalId, guestAdmin.PrincipalType));

                // user-list.md example 11: Adele's non-interactive sign-in is "0001-01-01T00:00:00Z", which means never.
                var users = await db.Users.Where(u => u.ScanId == result.ScanId).ToDictionaryAsync(u => u.DisplayName, ct);
                Assert.Equal(new DateTimeOffset(2021, 6, 17, 16, 41, 33, TimeSpan.Zero), users["Adele Vance"].LastSignInAt);
                Assert.Null(users["Adele Vance"].LastNonInteractiveSignInAt);
                Assert.Equal(new DateTimeOffset(2021, 7, 29, 17, 53, 42, TimeSpan.Zero), users["Alex Wilber"].LastNonInteractiveSignInAt);

                // authenticationmethodsroot-list-userregistrationdetails.md
                var allan = await db.MfaRegistrations.SingleAsync(m => m.ScanId == result.ScanId && m.UserId == Guid.Parse("c6ad1942-4afa-47f8-8d48-afb5d8d69d2f"), ct);
                Assert.False(allan.IsMfaRegistered);
                var bianca = await db.MfaRegistrations.SingleAsync(m => m.ScanId == result.ScanId && m.UserId == Guid.Parse("c8096958-797c-44fa-8fde-a6fb62567cf0"), ct);
                Assert.Equal(["mobilePhone", "microsoftAuthenticatorPush", "softwareOneTimePasscode"], bianca.MethodsRegistered);

                // beta reportroot-list-serviceprincipalsigninactivities.md
                var activity = await db.AppSignInActivities.SingleAsync(a => a.ScanId == result.ScanId && a.AppId == Guid.Parse("83f45296-fb8f-4aaa-a399-ac51084e02b7"), ct);
                Assert.Equal(new DateTimeOffset(2021, 4, 1, 0, 0, 0, TimeSpan.Zero), activity.LastSignInAt);

                // The policies: security defaults on, two disabled conditional access policies, the organisation's plans.
                var policies = await db.TenantPolicies.Where(p => p.ScanId == result.ScanId).ToListAsync(ct);
                // The state is stored as the SDK's enum name ("Disabled"); the rules compare it ignoring case.
                Assert.Equal(["disabled", "disabled"], policies.Where(p => p.Kind == "conditionalAccess").Select(p => p.State?.ToLowerInvariant()));
                Assert.Contains("true", policies.Single(p => p.Kind == "securityDefaults").Settings, StringComparison.Ordinal);
                Assert.Contains("\"enabledMethods\": [\"Email\", \"Sms\"]", policies.Single(p => p.Kind == "authenticationMethodsPolicy").Settings, StringComparison.Ordinal);
                // organization-list.md's plans: Exchange enabled, MultiFactorService and the rest deleted; no Entra ID P1/P2 plan. Its one verified domain (alert recipients are checked against it).
                Assert.Equal("{\"entraIdP1\": false, \"entraIdP2\": false, \"verifiedDomains\": [\"Contoso.onmicrosoft.com\"]}", policies.Single(p => p.Kind == "organization").Settings);
            },
            CancellationToken.None);
        Assert.True(outcomes.Length > 0, outcomes);
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

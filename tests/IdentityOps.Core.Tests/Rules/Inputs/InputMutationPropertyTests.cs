using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using IdentityOps.Core.Graph.Collection;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Persistence.Inventory;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Rules.Engine;
using IdentityOps.Emulator;
using IdentityOps.Emulator.Synthetic;
using IdentityOps.Testing;
using IdentityOps.Testing.Graph;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace IdentityOps.Core.Tests.Rules.Inputs;

/// <summary>
/// No silent pass, as a property: over the synthetic tenant, each input the collector reads is removed in turn where
/// Graph would lose it (a property stripped from every object of its type in the emulator's JSON, a collection's
/// endpoint gone) and the tenant is scanned through the real pipeline (SDK → emulator → collector → PostgreSQL).
/// Every rule must then give the same findings as on the whole tenant, or be "not evaluated" naming that input.
/// A rule that reads a property it does not declare loses findings silently here, and the test names rule and property.
/// </summary>
public sealed class InputMutationPropertyTests(TenantDatabase database) : IClassFixture<TenantDatabase>
{
    /// <summary>The smallest synthetic tenant that still holds every planted risk: about a hundred scans stay affordable.</summary>
    private static SyntheticTenantSpec Spec => InputMutationSpec.Value;

    [Fact]
    public async Task Removing_any_input_yields_the_same_findings_or_not_evaluated_naming_it()
    {
        var synthetic = SyntheticTenantGenerator.Generate(Spec);
        var catalog = new RuleCatalog();
        var mutations = InputMutations.All().ToList();

        var violations = await new MutationRun(database, synthetic, catalog).ViolationsAsync(mutations);

        Assert.True(violations.Count == 0, $"{violations.Count} silent pass(es) over {mutations.Count} removed inputs:\n" + string.Join("\n", violations));
    }

    [Fact]
    public async Task A_rule_that_reads_a_property_it_does_not_declare_is_named_with_the_property()
    {
        var synthetic = SyntheticTenantGenerator.Generate(Spec);
        var catalog = new RuleCatalog([new PlantedUndeclaredReadRule()]);
        var mutations = InputMutations.All().Where(m => m.Name == "users.accountEnabled").ToList();

        var violations = await new MutationRun(database, synthetic, catalog).ViolationsAsync(mutations);

        var violation = Assert.Single(violations);
        Assert.Contains("test-planted-undeclared-read", violation, StringComparison.Ordinal);
        Assert.Contains("users.accountEnabled", violation, StringComparison.Ordinal);
        Assert.Contains("does not declare it", violation, StringComparison.Ordinal);
    }

    /// <summary>Declares only the users collection, and reads <c>accountEnabled</c> all the same.</summary>
    private sealed class PlantedUndeclaredReadRule : PostureRule
    {
        public override RuleDefinition Definition { get; } = new(
            "test-planted-undeclared-read", "Planted", RuleCategory.PrivilegedAccess, Severity.Low, ObjectTypes.User, ["users"], [], []);

        public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
            => inventory.Users.Where(u => u.AccountEnabled).Take(3).Select(u => new RuleHit(u.ObjectId.ToString(), u.DisplayName, new Evidence()));

        public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => inventory.Users.Count;
    }
}

/// <summary>
/// One input removed from the tenant: which rule inputs it takes away, how it changes the emulator's files, and how
/// Graph's answers change on the wire. A property is stripped from Graph's responses where the endpoint is read
/// directly (so Graph's own $filter and $expand still work on the data, as on a Graph that just does not return it),
/// and from the emulator's files where it is read through $batch. A collection is removed by refusing its endpoint
/// (403, as for a scope not consented), not by emptying it: an empty answer is a tenant that has none.
/// </summary>
internal sealed record InputMutation(string Name, IReadOnlyList<string> Inputs, Action<Dictionary<string, JsonNode>> Apply, Func<HttpMessageHandler, HttpMessageHandler> Transport);

/// <summary>Every input the collector reads, as a removal from the synthetic tenant's Graph JSON.</summary>
internal static class InputMutations
{
    /// <summary>
    /// Where each property-checked collection comes from: the endpoints read directly (URL path after the version), or
    /// the emulator's files for those read through <c>$batch</c>. Collections listed with one source lose a property together.
    /// </summary>
    private static readonly (string Collection, string[] Paths, Func<string, bool>? Files)[] Sources =
    [
        ("applications", ["applications"], null),
        ("servicePrincipals", ["servicePrincipals"], null),
        ("users", ["users"], null),
        ("oauth2PermissionGrants", ["oauth2PermissionGrants"], null),
        ("appRoleAssignments", [], f => f.StartsWith("servicePrincipals/", StringComparison.Ordinal) && f.EndsWith("/appRoleAssignedTo.json", StringComparison.Ordinal)),
        ("userRegistrationDetails", ["reports/authenticationMethods/userRegistrationDetails"], null),
        ("federatedIdentityCredentials", [], f => f.StartsWith("applications/", StringComparison.Ordinal) && f.EndsWith("/federatedIdentityCredentials.json", StringComparison.Ordinal)),
        ("legacySignIns", ["auditLogs/signIns"], null),
        ("privilegedSignIns", ["auditLogs/signIns"], null),
        ("directoryRoles", ["roleManagement/directory/roleDefinitions", "roleManagement/directory/roleAssignments"], null),
    ];

    /// <summary>Endpoints (URL path after the version) whose refusal takes a whole collection (and those read from it) away.</summary>
    private static readonly (string Path, string[] Inputs)[] Endpoints =
    [
        ("applications", ["applications"]),
        ("servicePrincipals", ["servicePrincipals"]),
        ("users", ["users"]),
        ("oauth2PermissionGrants", ["oauth2PermissionGrants"]),
        ("reports/authenticationMethods/userRegistrationDetails", ["userRegistrationDetails"]),
        ("auditLogs/signIns", ["legacySignIns", "privilegedSignIns"]),
        ("roleManagement/directory/roleDefinitions", ["directoryRoles"]),
        ("reports/servicePrincipalSignInActivities", ["servicePrincipalSignInActivities"]),
        ("roleManagement/directory/roleEligibilitySchedules", ["roleSchedules"]),
        ("identity/conditionalAccess/policies", ["conditionalAccessPolicies"]),
        ("policies/authorizationPolicy", ["authorizationPolicy"]),
        ("policies/identitySecurityDefaultsEnforcementPolicy", ["securityDefaults"]),
        ("policies/authenticationMethodsPolicy", ["authenticationMethodsPolicy"]),
        ("policies/adminConsentRequestPolicy", ["adminConsentRequestPolicy"]),
        ("policies/defaultAppManagementPolicy", ["defaultAppManagementPolicy"]),
    ];

    public static IEnumerable<InputMutation> All()
    {
        var readers = new GraphCollector(TimeProvider.System, NullLogger<GraphCollector>.Instance).Readers
            .Where(r => r.Properties is not null)
            .ToDictionary(r => r.Name, r => r.Properties!, StringComparer.Ordinal);
        var properties = Sources
            .SelectMany(s => readers[s.Collection].Selected.Concat(readers[s.Collection].Keys).Distinct(StringComparer.Ordinal).Select(p => (Source: s, Property: p)))
            .ToList();

        // A property of collections read from one endpoint (the sign-in log) is lost to both at once.
        foreach (var group in properties.GroupBy(p => (Source: string.Join(",", p.Source.Paths) + (p.Source.Files is null ? "" : p.Source.Collection), p.Property)))
        {
            var inputs = group.Select(p => $"{p.Source.Collection}.{p.Property}").ToList();
            var (_, paths, files) = group.First().Source;
            var property = group.Key.Property;
            yield return files is null
                ? new InputMutation(inputs[0], inputs, _ => { }, graph => new StrippingTransport(graph, uri => paths.Any(p => Reads(uri, p)), property))
                : new InputMutation(inputs[0], inputs, tenant => Strip(tenant, files, property), graph => graph);
        }

        foreach (var (path, inputs) in Endpoints)
        {
            yield return new InputMutation(inputs[0], inputs, _ => { }, graph => new FailingTransport(graph, uri => Reads(uri, path), HttpStatusCode.Forbidden, "Authorization_RequestDenied"));
        }
    }

    /// <summary>A request for the endpoint (either version), its next pages or its delta.</summary>
    private static bool Reads(Uri uri, string path)
        => uri.AbsolutePath.EndsWith("/" + path, StringComparison.Ordinal) || uri.AbsolutePath.EndsWith("/" + path + "/delta", StringComparison.Ordinal);

    /// <summary>Removes a property from every object of the files' <c>value</c> arrays.</summary>
    private static void Strip(Dictionary<string, JsonNode> tenant, Func<string, bool> files, string property)
    {
        foreach (var (_, body) in tenant.Where(f => files(f.Key)))
        {
            foreach (var item in body["value"]?.AsArray() ?? [])
            {
                item?.AsObject().Remove(property);
            }
        }
    }
}

/// <summary>Graph that does not return one property: removed from every object of matching list responses.</summary>
internal sealed class StrippingTransport(HttpMessageHandler inner, Func<Uri, bool> matches, string property) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (request.RequestUri is not { } uri || !matches(uri) || !response.IsSuccessStatusCode)
        {
            return response;
        }

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        foreach (var item in body?["value"]?.AsArray() ?? [])
        {
            item?.AsObject().Remove(property);
        }

        response.Content = new StringContent(body?.ToJsonString() ?? "", System.Text.Encoding.UTF8, "application/json");
        return response;
    }
}

/// <summary>Scans the whole tenant once and each mutated tenant once, and lists the rules that lost or gained findings silently.</summary>
internal sealed class MutationRun(TenantDatabase database, SyntheticTenant synthetic, RuleCatalog catalog)
{
    public async Task<List<string>> ViolationsAsync(IReadOnlyList<InputMutation> mutations)
    {
        var baseline = await EvaluateAsync(new InputMutation("nothing", [], _ => { }, graph => graph));
        var notEvaluated = baseline.Where(r => r.Value.NotEvaluated is not null).Select(r => $"{r.Key}: {r.Value.NotEvaluated}").ToList();
        Assert.True(notEvaluated.Count == 0, "The whole synthetic tenant must evaluate every rule:\n" + string.Join("\n", notEvaluated));

        var violations = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(mutations, new ParallelOptions { MaxDegreeOfParallelism = 3 }, async (mutation, _) =>
        {
            foreach (var (id, result) in await EvaluateAsync(mutation))
            {
                if (result.NotEvaluated is { } reason)
                {
                    if (!mutation.Inputs.Any(i => reason.Contains(RuleInputs.CollectionOf(i), StringComparison.Ordinal)))
                    {
                        violations.Add($"{id}: not evaluated for a reason that does not name {mutation.Name}: {reason}");
                    }

                    continue;
                }

                var before = baseline[id].Findings;
                if (!before.SetEquals(result.Findings))
                {
                    var rule = catalog.Rules.Single(r => r.Definition.Id == id);
                    var declared = mutation.Inputs.FirstOrDefault(rule.Definition.Inputs.Contains);
                    var why = declared is null
                        ? "it reads it but does not declare it"
                        : $"it declares {declared}, yet the scan did not report it unavailable";
                    violations.Add($"{id}: {before.Except(result.Findings).Count()} finding(s) lost and {result.Findings.Except(before).Count()} gained with {mutation.Name} removed, and still evaluated: {why}");
                }
            }
        });
        return [.. violations.Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Per rule: the engine's not-evaluated reason, or the objects the rule found. The rules are run as the engine runs
    /// them (<see cref="RuleEngine.NotEvaluatedReason"/> first) without rendering, so a planted rule needs no template.
    /// </summary>
    private async Task<Dictionary<string, RuleResult>> EvaluateAsync(InputMutation mutation)
    {
        var files = synthetic.Files.ToDictionary(f => f.Key, f => f.Value.DeepClone(), StringComparer.Ordinal);
        mutation.Apply(files);
        var harness = new ScanHarness(database, EmulatedTenant.FromSnapshotFiles(files))
        {
            TenantId = Guid.NewGuid(),
            Transport = mutation.Transport,
        };
        var scan = await harness.ScanAsync(Spec.AsOf);
        Assert.True(scan.Status == ScanStatus.Succeeded, scan.Error);
        await using var db = database.CreateApplicationContext(harness.TenantId);
        var inventory = await db.InTenantTransactionAsync(
            async ct => await InventoryLoader.LoadAsync(db, await db.Scans.SingleAsync(s => s.Id == scan.ScanId, ct), ct),
            CancellationToken.None);
        var facts = new ScanFacts(harness.TenantId, scan.ScanId, Spec.AsOf, Spec.AsOf, RuleSettings.Default);
        return catalog.Rules.ToDictionary(
            r => r.Definition.Id,
            r => RuleEngine.NotEvaluatedReason(r, inventory) is { } reason
                ? new RuleResult(reason, [])
                : new RuleResult(null, r.Evaluate(inventory, facts).Select(h => h.ObjectId).ToHashSet(StringComparer.Ordinal)),
            StringComparer.Ordinal);
    }

    private static SyntheticTenantSpec Spec => InputMutationSpec.Value;

    private sealed record RuleResult(string? NotEvaluated, HashSet<string> Findings);
}

internal static class InputMutationSpec
{
    public static readonly SyntheticTenantSpec Value = new(
        42, SyntheticTenantSpec.MinimumUsers, SyntheticTenantSpec.MinimumApplications,
        SyntheticTenantSpec.MinimumApplications + SyntheticTenantSpec.MinimumExtraServicePrincipals, SyntheticTenantSpec.Small.AsOf);
}

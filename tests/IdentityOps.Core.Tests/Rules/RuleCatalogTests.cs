using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Rules.Engine;
using IdentityOps.Core.Rules.Templates;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace IdentityOps.Core.Tests.Rules;

public sealed class RuleCatalogTests
{
    private static readonly RuleCatalog Catalog = new();

    public static TheoryData<string> RuleIds()
    {
        var data = new TheoryData<string>();
        foreach (var rule in Catalog.Rules)
        {
            data.Add(rule.Definition.Id);
        }

        return data;
    }

    [Fact]
    public void Catalogue_holds_at_least_35_rules_with_unique_stable_ids()
    {
        Assert.True(Catalog.Rules.Count >= 35, $"{Catalog.Rules.Count} rules");
        Assert.All(Catalog.Rules, rule => Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)+$", rule.Definition.Id));
    }

    [Fact]
    public void Every_category_has_rules()
        => Assert.All(Enum.GetValues<RuleCategory>(), category => Assert.Contains(Catalog.Rules, rule => rule.Definition.Category == category));

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Template_parses_and_reads_only_declared_evidence(string ruleId)
    {
        var rule = Catalog.Find(ruleId)!;
        var template = RuleTemplates.Parsed(rule.GetType().Name);

        var undeclared = RuleTemplates.EvidenceReferences(template).Except(rule.Definition.EvidenceFields).ToList();
        Assert.True(undeclared.Count == 0, $"{ruleId}'s template reads evidence it does not declare: {string.Join(", ", undeclared)}");

        var allowedGlobals = new HashSet<string>(StringComparer.Ordinal) { "evidence", "explanation", "remediation", "array", "string", "math" };
        var globals = RuleTemplates.GlobalVariables(template).Except(allowedGlobals).ToList();
        Assert.True(globals.Count == 0, $"{ruleId}'s template reads variables other than evidence: {string.Join(", ", globals)}");
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Definition_is_complete(string ruleId)
    {
        var definition = Catalog.Find(ruleId)!.Definition;

        Assert.False(string.IsNullOrWhiteSpace(definition.Title));
        Assert.NotEmpty(definition.Inputs);
        Assert.NotEmpty(definition.EvidenceFields);
        Assert.Equal(definition.EvidenceFields.Count, definition.EvidenceFields.Distinct(StringComparer.Ordinal).Count());
        // A rule maps to a control only when the control flags the same condition; none is better than a wrong one
        // (issue 17: labels naming Entra recommendations that do not exist). FrameworkReferenceTests checks the labels.
        Assert.Equal(definition.Frameworks.Count, definition.Frameworks.Distinct().Count());
    }

    [Fact]
    public void A_template_reading_undeclared_evidence_is_caught()
    {
        var template = Scriban.Template.Parse("{{ capture explanation }}{{ evidence.secretText }}{{ end }}");

        Assert.Contains("secretText", RuleTemplates.EvidenceReferences(template));
    }
}

public sealed class RulesRegistrationTests
{
    [Fact]
    public void The_registered_catalogue_holds_every_rule()
    {
        using var provider = new ServiceCollection().AddRules().BuildServiceProvider();

        var registered = provider.GetRequiredService<RuleCatalog>();

        Assert.Equal(new RuleCatalog().Rules.Count, registered.Rules.Count);
    }
}

public sealed class RuleEngineContractTests
{
    private sealed class TwiceRule : PostureRule
    {
        public override RuleDefinition Definition { get; } = new("test-twice", "Twice", RuleCategory.TenantPolicies, Severity.Low, ObjectTypes.Tenant, ["applications"], ["displayName"], [FrameworkReference.Attack("T1078")]);

        public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
            => [new RuleHit("same", "x", new Evidence { { "displayName", "x" } }), new RuleHit("same", "x", new Evidence { { "displayName", "x" } })];

        public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => 1;
    }

    [Fact]
    public void A_rule_reporting_one_object_twice_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new RuleEngine(new RuleCatalog([new TwiceRule()])).Evaluate(new TenantInventory(), Records.Facts()));

        Assert.Contains("at most once", error.Message, StringComparison.Ordinal);
    }
}

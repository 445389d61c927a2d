using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Rules.Engine;
using Xunit;

namespace IdentityOps.Core.Tests.Rules.Inputs;

/// <summary>For every rule and every input it declares: with that input unavailable, the engine does not run the rule and names the input.</summary>
public sealed class RuleInputsTests
{
    private const string Reason = "planted: Graph did not give it";

    public static TheoryData<string, string> EveryRuleInput()
    {
        var data = new TheoryData<string, string>();
        foreach (var rule in new RuleCatalog().Rules)
        {
            foreach (var input in rule.Definition.Inputs)
            {
                data.Add(rule.Definition.Id, input);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryRuleInput))]
    public void A_rule_whose_input_is_unavailable_is_not_evaluated_and_the_reason_names_the_input(string ruleId, string input)
    {
        var rule = new RuleCatalog().Rules.Single(r => r.Definition.Id == ruleId);
        var inventory = new TenantInventory { Unavailable = new Dictionary<string, string> { [input] = Reason } };

        var evaluation = new RuleEngine(new RuleCatalog([rule])).Evaluate(inventory, new ScanFacts(Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, RuleSettings.Default));

        var outcome = Assert.Single(evaluation.Outcomes);
        Assert.False(outcome.Evaluated, $"{ruleId} was evaluated although its input {input} is unavailable");
        Assert.Equal($"not evaluated: {input} unavailable ({Reason})", outcome.NotEvaluatedReason);
        Assert.Empty(evaluation.Findings);
    }

    [Fact]
    public void A_property_input_is_unavailable_when_its_collection_is()
    {
        var rule = new RuleCatalog().Rules.First(r => r.Definition.Inputs.Any(i => i.Contains('.', StringComparison.Ordinal)));
        var property = rule.Definition.Inputs.First(i => i.Contains('.', StringComparison.Ordinal));
        var inventory = new TenantInventory { Unavailable = new Dictionary<string, string> { [RuleInputs.CollectionOf(property)] = Reason } };

        var reason = RuleEngine.NotEvaluatedReason(rule.Definition, inventory);

        Assert.Equal($"not evaluated: {RuleInputs.CollectionOf(property)} unavailable ({Reason})", reason);
    }
}

using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Rules.Engine;
using Xunit;

namespace IdentityOps.Core.Tests.Rules;

/// <summary>Runs one rule through the real engine (templates, evidence checks, scoring), as production does.</summary>
internal static class RuleAssert
{
    public static RuleEvaluation Run<TRule>(TenantInventory inventory, RuleSettings? settings = null)
        where TRule : PostureRule, new()
        => new RuleEngine(new RuleCatalog([new TRule()])).Evaluate(inventory, Records.Facts(settings));

    public static EvaluatedFinding SingleFinding<TRule>(TenantInventory inventory, RuleSettings? settings = null)
        where TRule : PostureRule, new()
    {
        var evaluation = Run<TRule>(inventory, settings);
        Assert.True(evaluation.Outcomes.Single().Evaluated, evaluation.Outcomes.Single().NotEvaluatedReason);
        return Assert.Single(evaluation.Findings);
    }

    public static void NoFinding<TRule>(TenantInventory inventory, RuleSettings? settings = null)
        where TRule : PostureRule, new()
    {
        var evaluation = Run<TRule>(inventory, settings);
        Assert.True(evaluation.Outcomes.Single().Evaluated, evaluation.Outcomes.Single().NotEvaluatedReason);
        Assert.Empty(evaluation.Findings);
    }

    /// <summary>A list-valued evidence field, for comparing with an expected list.</summary>
    public static string[] Strings(EvaluatedFinding finding, string field) => Assert.IsType<string[]>(finding.Evidence[field]);

    /// <summary>With the rule's first required collection (or <paramref name="data"/>) unavailable: not evaluated, with the reason, and no finding.</summary>
    public static void NotEvaluatedWithout<TRule>(TenantInventory inventory, string? data = null)
        where TRule : PostureRule, new()
    {
        var rule = new TRule();
        data ??= rule.Definition.Inputs[0];
        Assert.Contains(data, rule.Definition.Inputs);
        var withoutData = new TenantInventory
        {
            Applications = inventory.Applications, ServicePrincipals = inventory.ServicePrincipals, Credentials = inventory.Credentials,
            Owners = inventory.Owners, DelegatedGrants = inventory.DelegatedGrants, AppRoleAssignments = inventory.AppRoleAssignments,
            RoleDefinitions = inventory.RoleDefinitions, RoleAssignments = inventory.RoleAssignments, Users = inventory.Users,
            SignIns = inventory.SignIns, MfaRegistrations = inventory.MfaRegistrations, Policies = inventory.Policies,
            AppSignInActivities = inventory.AppSignInActivities, FederatedCredentials = inventory.FederatedCredentials,
            GroupMembers = inventory.GroupMembers, RoleSchedules = inventory.RoleSchedules,
            Unavailable = new Dictionary<string, string> { [data] = "the admin did not consent to the scope" },
        };
        var outcome = Run<TRule>(withoutData).Outcomes.Single();
        Assert.False(outcome.Evaluated);
        Assert.Contains("did not consent", outcome.NotEvaluatedReason, StringComparison.Ordinal);
        Assert.Empty(Run<TRule>(withoutData).Findings);
    }
}

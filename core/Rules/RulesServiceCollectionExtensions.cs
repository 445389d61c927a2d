using IdentityOps.Core.Rules.AcceptRisk;
using IdentityOps.Core.Rules.Engine;
using IdentityOps.Core.Rules.EvaluateScan;
using IdentityOps.Core.Rules.UpdateRuleSettings;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityOps.Core.Rules;

public static class RulesServiceCollectionExtensions
{
    /// <summary>The rule catalogue (found once), the engine, and the evaluate-scan and accept-risk use cases.</summary>
    public static IServiceCollection AddRules(this IServiceCollection services)
    {
        // A factory, not the type: DI would pick the IEnumerable<PostureRule> constructor and build an empty catalogue.
        services.AddSingleton(_ => new RuleCatalog());
        services.AddSingleton<RuleEngine>();
        services.AddScoped<EvaluateScanCommand>();
        services.AddScoped<AcceptRiskCommand>();
        services.AddScoped<UpdateRuleSettingsCommand>();
        return services;
    }
}

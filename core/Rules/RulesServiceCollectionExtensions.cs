using IdentityOps.Core.Rules.Engine;
using IdentityOps.Core.Rules.EvaluateScan;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityOps.Core.Rules;

public static class RulesServiceCollectionExtensions
{
    /// <summary>The rule catalogue (found once), the engine, and the evaluate-scan use case.</summary>
    public static IServiceCollection AddRules(this IServiceCollection services)
    {
        services.AddSingleton<RuleCatalog>();
        services.AddSingleton<RuleEngine>();
        services.AddScoped<EvaluateScanCommand>();
        return services;
    }
}

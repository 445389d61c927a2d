using IdentityOps.Core.Rules.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityOps.Core.Rules;

public static class RulesServiceCollectionExtensions
{
    /// <summary>The rule catalogue (found once) and the engine: pure, no database (findings are stored by <c>AddFindings</c>).</summary>
    public static IServiceCollection AddRules(this IServiceCollection services)
    {
        // A factory, not the type: DI would pick the IEnumerable<PostureRule> constructor and build an empty catalogue.
        services.AddSingleton(_ => new RuleCatalog());
        // A factory here too: the engine's other constructor takes the overlap list, which is not a service.
        services.AddSingleton(provider => new RuleEngine(provider.GetRequiredService<RuleCatalog>()));
        return services;
    }
}

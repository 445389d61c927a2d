using Microsoft.Extensions.DependencyInjection;

namespace IdentityOps.Core.Rules.ListFindings;

public static class FindingsServiceCollectionExtensions
{
    /// <summary>Reading findings (the rule engine, which writes them, registers itself).</summary>
    public static IServiceCollection AddFindingQueries(this IServiceCollection services)
    {
        services.AddScoped<ListFindingsQuery>();
        services.AddScoped<GetFinding.GetFindingQuery>();
        return services;
    }
}

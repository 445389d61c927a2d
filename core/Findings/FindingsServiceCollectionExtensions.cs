using IdentityOps.Core.Findings.AcceptRisk;
using IdentityOps.Core.Findings.EvaluateScan;
using IdentityOps.Core.Findings.GetApplicationDetail;
using IdentityOps.Core.Findings.GetFinding;
using IdentityOps.Core.Findings.GetRuleSettings;
using IdentityOps.Core.Findings.ListFindings;
using IdentityOps.Core.Findings.UpdateRuleSettings;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityOps.Core.Findings;

public static class FindingsServiceCollectionExtensions
{
    /// <summary>Findings: evaluating a scan's inventory with the rules, accepting risks, rule settings, and reading findings (one finding, or an application with its findings).</summary>
    public static IServiceCollection AddFindings(this IServiceCollection services)
    {
        services.AddScoped<EvaluateScanCommand>();
        services.AddScoped<AcceptRiskCommand>();
        services.AddScoped<UpdateRuleSettingsCommand>();
        services.AddScoped<GetRuleSettingsQuery>();
        services.AddScoped<ListFindingsQuery>();
        services.AddScoped<GetFindingQuery>();
        services.AddScoped<GetApplicationDetailQuery>();
        return services;
    }
}

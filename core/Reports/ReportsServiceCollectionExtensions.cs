using Microsoft.Extensions.DependencyInjection;

namespace IdentityOps.Core.Reports;

public static class ReportsServiceCollectionExtensions
{
    /// <summary>The report query and the HTML, JSON and CSV writers.</summary>
    public static IServiceCollection AddReports(this IServiceCollection services)
    {
        services.AddScoped<GetScanReportQuery>();
        services.AddSingleton<ReportHtmlRenderer>();
        services.AddSingleton<ReportFiles>();
        return services;
    }
}

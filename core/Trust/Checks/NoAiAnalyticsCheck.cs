using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace IdentityOps.Core.Trust.Checks;

/// <summary>The client libraries and settings of AI/LLM services and third-party analytics, by name.</summary>
public static class AiAnalyticsClients
{
    public static IReadOnlyList<string> AssemblyPrefixes { get; } =
    [
        "OpenAI", "Azure.AI.", "Microsoft.SemanticKernel", "Microsoft.Extensions.AI", "Anthropic", "LangChain", "Google.Cloud.AIPlatform", "Mscc.GenerativeAI",
        "Microsoft.ApplicationInsights", "Azure.Monitor.OpenTelemetry", "Microsoft.Azure.Functions.Worker.ApplicationInsights",
        "Segment", "Mixpanel", "Amplitude", "PostHog", "Google.Analytics", "GoogleAnalytics", "Sentry", "Datadog", "NewRelic", "Heap",
    ];

    public static IReadOnlyList<string> SettingMarkers { get; } =
    [
        "APPLICATIONINSIGHTS_CONNECTION_STRING", "APPINSIGHTS_INSTRUMENTATIONKEY", "ApplicationInsights", "OpenAI", "AzureOpenAI", "Anthropic",
        "SemanticKernel", "Segment", "Mixpanel", "Amplitude", "PostHog", "GoogleAnalytics", "Sentry", "Datadog", "NewRelic",
    ];

    public static bool IsForbiddenAssembly(string? name)
        => name is not null && AssemblyPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase));

    public static IReadOnlyList<string> ForbiddenSettings(IConfiguration configuration)
        => configuration.AsEnumerable()
            .Where(kv => !string.IsNullOrWhiteSpace(kv.Value) && SettingMarkers.Any(m => kv.Key.Contains(m, StringComparison.OrdinalIgnoreCase)))
            .Select(kv => kv.Key)
            .ToList();
}

/// <summary>No AI or analytics: no such client assembly is loaded in this process, and no such service is configured.</summary>
public sealed class NoAiAnalyticsCheck(IConfiguration configuration) : ITrustCheck
{
    public string ClaimId => TrustClaimIds.NoAiAnalytics;

    public Task<TrustCheckResult> EvaluateAsync(CancellationToken cancellationToken)
    {
        var assemblies = AppDomain.CurrentDomain.GetAssemblies();
        var loaded = assemblies.Select(a => a.GetName().Name).Where(AiAnalyticsClients.IsForbiddenAssembly).ToList();
        var settings = AiAnalyticsClients.ForbiddenSettings(configuration);
        if (loaded.Count > 0 || settings.Count > 0)
        {
            return Task.FromResult(TrustCheckResult.Failing($"AI/analytics clients loaded: {Join(loaded)}; configured: {Join(settings)}"));
        }

        return Task.FromResult(TrustCheckResult.Met($"no AI/LLM or analytics client among {assemblies.Length} loaded assemblies, none configured"));
    }

    private static string Join(IReadOnlyList<string?> names) => names.Count == 0 ? "none" : string.Join(", ", names);
}

using System.Text.Json;
using IdentityOps.Core.Trust;
using IdentityOps.Core.Trust.Checks;
using Microsoft.Extensions.Configuration;

namespace IdentityOps.Security.Tests.NoAiAnalytics;

/// <summary>No AI/LLM or analytics client: not among the product's dependencies, not loaded, not configured.</summary>
[Trait("Claim", TrustClaimIds.NoAiAnalytics)]
public sealed class DependencyTests
{
    [Fact]
    public void No_library_the_product_depends_on_is_an_ai_or_analytics_client()
    {
        // The suite references core and the Functions host, so its dependency manifest lists every
        // package they pull in, transitively.
        var deps = Path.Combine(AppContext.BaseDirectory, "IdentityOps.Security.Tests.deps.json");
        using var document = JsonDocument.Parse(File.ReadAllText(deps));
        var libraries = document.RootElement.GetProperty("libraries").EnumerateObject().Select(l => l.Name.Split('/')[0]).ToList();

        Assert.Contains("Microsoft.Graph", libraries);
        Assert.Contains("IdentityOps.Functions", libraries);
        Assert.DoesNotContain(libraries, AiAnalyticsClients.IsForbiddenAssembly);
    }

    [Fact]
    public async Task The_live_check_sees_no_client_loaded_and_fails_on_a_configured_one()
    {
        var clean = await new NoAiAnalyticsCheck(new ConfigurationBuilder().Build()).EvaluateAsync(CancellationToken.None);
        Assert.Equal(TrustStatus.Met, clean.Status);

        var configured = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "InstrumentationKey=x" }).Build();
        var result = await new NoAiAnalyticsCheck(configured).EvaluateAsync(CancellationToken.None);
        Assert.Equal(TrustStatus.Failing, result.Status);
        Assert.Contains("APPLICATIONINSIGHTS_CONNECTION_STRING", result.Evidence, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("OpenAI")]
    [InlineData("Azure.AI.OpenAI")]
    [InlineData("Microsoft.SemanticKernel.Core")]
    [InlineData("Microsoft.ApplicationInsights")]
    public void Known_clients_are_recognised(string name) => Assert.True(AiAnalyticsClients.IsForbiddenAssembly(name));
}

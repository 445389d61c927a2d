using System.Reflection;
using IdentityOps.Core.Trust;
using IdentityOps.Core.Trust.EvaluateTrust;
using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace IdentityOps.Security.Tests.Meta;

/// <summary>The catalogue and the suite stay in step: every claim has a test, every test names a claim that exists.</summary>
public sealed class ClaimCatalogueTests
{
    [Fact]
    public void Every_claim_has_at_least_one_test_and_every_test_names_an_existing_claim()
    {
        var tests = TestMethods().ToList();
        Assert.True(tests.Count > 50, $"only {tests.Count} tests found: the reflection is broken");

        var untagged = tests.Where(t => t.Claims.Count == 0).Select(t => t.Name).ToList();
        Assert.True(untagged.Count == 0, $"tests without [Trait(\"Claim\", …)]: {string.Join(", ", untagged)}");

        var unknown = tests.SelectMany(t => t.Claims.Where(c => !TrustCatalogue.Exists(c)).Select(c => $"{t.Name} → {c}")).ToList();
        Assert.True(unknown.Count == 0, $"tests naming claims that do not exist: {string.Join(", ", unknown)}");

        var tested = tests.SelectMany(t => t.Claims).ToHashSet(StringComparer.Ordinal);
        var untested = TrustCatalogue.All.Select(c => c.Id).Where(id => !tested.Contains(id)).ToList();
        Assert.True(untested.Count == 0, $"claims with no test: {string.Join(", ", untested)}");
    }

    [Fact]
    public void The_catalogue_holds_the_fifteen_published_ids_once_each()
    {
        var ids = typeof(TrustClaimIds).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToList();
        Assert.Equal(15, ids.Count);
        Assert.Equal(ids.Order(StringComparer.Ordinal), TrustCatalogue.All.Select(c => c.Id).Order(StringComparer.Ordinal));
        Assert.All(TrustCatalogue.All, c => Assert.False(string.IsNullOrWhiteSpace(c.Wording)));
    }

    [Fact]
    public async Task The_report_lists_every_claim_a_missing_check_as_not_met_and_a_throwing_check_as_failing()
    {
        var throwing = Substitute.For<ITrustCheck>();
        throwing.ClaimId.Returns(TrustClaimIds.TenantIsolation);
        throwing.EvaluateAsync(Arg.Any<CancellationToken>()).ThrowsAsync(new InvalidOperationException("database unreachable\nstack"));

        var report = await new EvaluateTrustQuery([throwing], TimeProvider.System, NullLogger<EvaluateTrustQuery>.Instance).RunAsync(CancellationToken.None);

        Assert.Equal(TrustCatalogue.All.Select(c => c.Id), report.Claims.Select(c => c.Claim.Id));
        var isolation = Assert.Single(report.Claims, c => c.Claim.Id == TrustClaimIds.TenantIsolation);
        Assert.Equal(TrustStatus.Failing, isolation.Result.Status);
        Assert.StartsWith("the check could not run", isolation.Result.Evidence, StringComparison.Ordinal);
        Assert.DoesNotContain("database unreachable", isolation.Result.Evidence, StringComparison.Ordinal); // the exception goes to the log only
        Assert.All(report.Claims.Where(c => c.Claim.Id != TrustClaimIds.TenantIsolation), c => Assert.Equal(TrustStatus.NotMet, c.Result.Status));
    }

    /// <summary>
    /// Every xunit test of this assembly (Fact and Theory), with the claims its method and class name, the
    /// meta tests excepted: they test how every claim is shown (the catalogue, the public page), not one claim.
    /// </summary>
    private static IEnumerable<(string Name, IReadOnlyList<string> Claims)> TestMethods()
        => typeof(ClaimCatalogueTests).Assembly.GetTypes()
            .Where(t => t.Namespace != typeof(ClaimCatalogueTests).Namespace)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly).Select(m => (Type: t, Method: m)))
            .Where(x => x.Method.GetCustomAttributes<FactAttribute>(inherit: true).Any())
            .Select(x => ($"{x.Type.Name}.{x.Method.Name}", (IReadOnlyList<string>)Claims(x.Type.GetCustomAttributesData()).Concat(Claims(x.Method.GetCustomAttributesData())).ToList()));

    private static IEnumerable<string> Claims(IEnumerable<CustomAttributeData> attributes)
        => attributes
            .Where(a => a.AttributeType == typeof(TraitAttribute) && a.ConstructorArguments.Count == 2 && (string?)a.ConstructorArguments[0].Value == "Claim")
            .Select(a => (string)a.ConstructorArguments[1].Value!);
}

using IdentityOps.Core.Rules;
using IdentityOps.Core.Rules.Engine;
using Xunit;

namespace IdentityOps.Core.Tests.Rules;

/// <summary>The worked examples of docs/risk-score.md.</summary>
public sealed class RiskScoreTests
{
    private static readonly ScoreSignal ThirdParty = new("third-party-app", 1.2m, "");
    private static readonly ScoreSignal Unverified = new("unverified-publisher", 1.1m, "");

    [Fact]
    public void One_expired_secret_scores_98() => Assert.Equal(98, RiskScore.OfTenant([RiskScore.PenaltyOfRule([RiskScore.OfFinding(Severity.Low, [])])]));

    [Fact]
    public void Signals_multiply_the_severity_weight() => Assert.Equal(26.4m, RiskScore.OfFinding(Severity.High, [ThirdParty, Unverified]));

    [Fact]
    public void First_party_credential_and_third_party_privilege_score_60()
        => Assert.Equal(60, RiskScore.OfTenant([RiskScore.PenaltyOfRule([40m]), RiskScore.PenaltyOfRule([26.4m])]));

    [Theory]
    [InlineData(10, 40, 71)]
    [InlineData(2, 25, 80)]
    [InlineData(1, 20, 83)]
    public void Repeated_findings_of_one_rule_weigh_at_most_double(int count, int penalty, int tenant)
    {
        var scores = Enumerable.Repeat(20m, count).ToList();
        Assert.Equal(penalty, RiskScore.PenaltyOfRule(scores));
        Assert.Equal(tenant, RiskScore.OfTenant([RiskScore.PenaltyOfRule(scores)]));
    }

    [Fact]
    public void No_findings_score_100_and_scores_never_exceed_100()
    {
        Assert.Equal(100, RiskScore.OfTenant([]));
        Assert.Equal(100m, RiskScore.OfFinding(Severity.Critical, [new ScoreSignal("x", 3m, ""), new ScoreSignal("y", 3m, "")]));
    }
}

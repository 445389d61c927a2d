using IdentityOps.Core.Trust;
using IdentityOps.Core.Trust.Checks;
using IdentityOps.Core.Trust.EvaluateTrust;
using Microsoft.Extensions.Logging.Abstractions;

namespace IdentityOps.Security.Tests.OperatorSignIn;

[Trait("Claim", TrustClaimIds.OperatorSignIn)]
public sealed class OperatorSignInTests
{
    [Fact]
    public async Task While_no_operator_console_exists_the_claim_is_listed_and_shown_as_not_met()
    {
        var report = await new EvaluateTrustQuery([new OperatorSignInCheck()], TimeProvider.System, NullLogger<EvaluateTrustQuery>.Instance).RunAsync(CancellationToken.None);

        var claim = Assert.Single(report.Claims, c => c.Claim.Id == TrustClaimIds.OperatorSignIn);
        Assert.Equal(TrustStatus.NotMet, claim.Result.Status);
        Assert.Contains("no operator console", claim.Result.Evidence, StringComparison.Ordinal);
    }
}

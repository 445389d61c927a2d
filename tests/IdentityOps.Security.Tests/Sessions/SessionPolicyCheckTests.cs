using IdentityOps.Core.Trust;
using IdentityOps.Core.Trust.Checks;
using NSubstitute;

namespace IdentityOps.Security.Tests.Sessions;

/// <summary>
/// The session claims' live checks, with the web host's probe substituted. The attacks on the real
/// cookie (Set-Cookie attributes, rotation with the old id refused, the 24-hour cap, sign-out, fixation)
/// belong here once the web host's sign-in exists.
/// </summary>
public sealed class SessionPolicyCheckTests
{
    private static readonly SessionPolicy Promised = new("__Host-identityops", Secure: true, HttpOnly: true, SameSite: "Lax", CookieHoldsOnlySessionId: true, TimeSpan.FromMinutes(15), TimeSpan.FromHours(24), RevokedOnSignOut: true);

    [Fact]
    [Trait("Claim", TrustClaimIds.SessionCookieIdOnly)]
    [Trait("Claim", TrustClaimIds.SessionRotation)]
    public async Task With_no_session_host_in_the_process_both_claims_show_as_not_met()
    {
        Assert.Equal(TrustStatus.NotMet, (await new SessionCookieCheck([]).EvaluateAsync(CancellationToken.None)).Status);
        Assert.Equal(TrustStatus.NotMet, (await new SessionRotationCheck([]).EvaluateAsync(CancellationToken.None)).Status);
    }

    [Theory]
    [Trait("Claim", TrustClaimIds.SessionCookieIdOnly)]
    [InlineData("promised", TrustStatus.Met)]
    [InlineData("no-host-prefix", TrustStatus.Failing)]
    [InlineData("not-secure", TrustStatus.Failing)]
    [InlineData("readable-by-script", TrustStatus.Failing)]
    [InlineData("samesite-none", TrustStatus.Failing)]
    [InlineData("ticket-in-cookie", TrustStatus.Failing)]
    public async Task The_cookie_check_holds_only_for_the_promised_cookie(string variant, TrustStatus expected)
    {
        var policy = variant switch
        {
            "no-host-prefix" => Promised with { CookieName = ".AspNetCore.Cookies" },
            "not-secure" => Promised with { Secure = false },
            "readable-by-script" => Promised with { HttpOnly = false },
            "samesite-none" => Promised with { SameSite = "None" },
            "ticket-in-cookie" => Promised with { CookieHoldsOnlySessionId = false },
            _ => Promised,
        };

        Assert.Equal(expected, (await new SessionCookieCheck([Probe(policy)]).EvaluateAsync(CancellationToken.None)).Status);
    }

    [Theory]
    [Trait("Claim", TrustClaimIds.SessionRotation)]
    [InlineData(15, 24, true, TrustStatus.Met)]
    [InlineData(16, 24, true, TrustStatus.Failing)]
    [InlineData(15, 336, true, TrustStatus.Failing)]
    [InlineData(15, 24, false, TrustStatus.Failing)]
    [InlineData(0, 24, true, TrustStatus.Failing)]
    public async Task The_rotation_check_holds_only_for_15_minutes_24_hours_and_server_side_sign_out(int rotationMinutes, int capHours, bool revoked, TrustStatus expected)
    {
        var policy = Promised with { RotationInterval = TimeSpan.FromMinutes(rotationMinutes), AbsoluteLifetime = TimeSpan.FromHours(capHours), RevokedOnSignOut = revoked };

        Assert.Equal(expected, (await new SessionRotationCheck([Probe(policy)]).EvaluateAsync(CancellationToken.None)).Status);
    }

    private static ISessionPolicyProbe Probe(SessionPolicy policy)
    {
        var probe = Substitute.For<ISessionPolicyProbe>();
        probe.Describe().Returns(policy);
        return probe;
    }
}

namespace IdentityOps.Core.Trust.Checks;

/// <summary>Session cookie holds only an id: as the host with sign-in reports its cookie.</summary>
public sealed class SessionCookieCheck(IEnumerable<ISessionPolicyProbe> probes) : ITrustCheck
{
    public string ClaimId => TrustClaimIds.SessionCookieIdOnly;

    public Task<TrustCheckResult> EvaluateAsync(CancellationToken cancellationToken)
    {
        if (probes.FirstOrDefault() is not { } probe)
        {
            return Task.FromResult(TrustCheckResult.NotMet("no session host in this process"));
        }

        var p = probe.Describe();
        var evidence = $"cookie {p.CookieName}: Secure={p.Secure}, HttpOnly={p.HttpOnly}, SameSite={p.SameSite}, holds only a session id={p.CookieHoldsOnlySessionId}";
        var holds = p.CookieName.StartsWith("__Host-", StringComparison.Ordinal) && p.Secure && p.HttpOnly
                    && p.SameSite is "Lax" or "Strict" && p.CookieHoldsOnlySessionId;
        return Task.FromResult(holds ? TrustCheckResult.Met(evidence) : TrustCheckResult.Failing(evidence));
    }
}

/// <summary>Session rotation and cap: as the host with sign-in reports them.</summary>
public sealed class SessionRotationCheck(IEnumerable<ISessionPolicyProbe> probes) : ITrustCheck
{
    public string ClaimId => TrustClaimIds.SessionRotation;

    public Task<TrustCheckResult> EvaluateAsync(CancellationToken cancellationToken)
    {
        if (probes.FirstOrDefault() is not { } probe)
        {
            return Task.FromResult(TrustCheckResult.NotMet("no session host in this process"));
        }

        var p = probe.Describe();
        var evidence = $"session id rotated every {p.RotationInterval.TotalMinutes:0} min, absolute cap {p.AbsoluteLifetime.TotalHours:0} h, revoked on sign-out={p.RevokedOnSignOut}";
        var holds = p.RotationInterval > TimeSpan.Zero && p.RotationInterval <= TimeSpan.FromMinutes(15)
                    && p.AbsoluteLifetime > TimeSpan.Zero && p.AbsoluteLifetime <= TimeSpan.FromHours(24) && p.RevokedOnSignOut;
        return Task.FromResult(holds ? TrustCheckResult.Met(evidence) : TrustCheckResult.Failing(evidence));
    }
}

/// <summary>Signed webhooks: as the outbound sender reports its signing.</summary>
public sealed class SignedWebhooksCheck(IEnumerable<IOutboundPolicyProbe> probes) : ITrustCheck
{
    public string ClaimId => TrustClaimIds.SignedWebhooks;

    public Task<TrustCheckResult> EvaluateAsync(CancellationToken cancellationToken)
    {
        if (probes.FirstOrDefault() is not { } probe)
        {
            return Task.FromResult(TrustCheckResult.NotMet("no webhook sender in this process"));
        }

        var p = probe.Describe();
        return Task.FromResult(p.SigningScheme is not null && p.ReplayWindow > TimeSpan.Zero && p.ReplayWindow <= TimeSpan.FromMinutes(5)
            ? TrustCheckResult.Met($"webhooks signed with {p.SigningScheme}, replays refused after {p.ReplayWindow.TotalMinutes:0} min")
            : TrustCheckResult.Failing($"webhooks signed with {p.SigningScheme ?? "nothing"}, replay window {p.ReplayWindow.TotalMinutes:0} min"));
    }
}

/// <summary>SSRF guard: as the outbound sender reports its connect-time checks.</summary>
public sealed class SsrfGuardCheck(IEnumerable<IOutboundPolicyProbe> probes) : ITrustCheck
{
    /// <summary>
    /// The ranges security-pitfalls item 11 and the issue-18 review name, plus the other non-global blocks of the
    /// IANA special-purpose registries; the guard must refuse each (it allows only global unicast).
    /// </summary>
    public static IReadOnlyList<string> RequiredRanges { get; } =
    [
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
        "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
        "::/128", "::1/128", "::/96", "::ffff:0:0/96", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001::/32", "2001:2::/48",
        "2001:db8::/32", "2002::/16", "3fff::/20", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
    ];

    public string ClaimId => TrustClaimIds.SsrfGuard;

    public Task<TrustCheckResult> EvaluateAsync(CancellationToken cancellationToken)
    {
        if (probes.FirstOrDefault() is not { } probe)
        {
            return Task.FromResult(TrustCheckResult.NotMet("no webhook sender in this process"));
        }

        var p = probe.Describe();
        var missing = RequiredRanges.Where(r => !p.RefusedRanges.Contains(r, StringComparer.OrdinalIgnoreCase)).ToList();
        var evidence = $"{p.RefusedRanges.Count} ranges refused at connect time={p.ChecksAddressAtConnect}, redirects followed={p.FollowsRedirects}, proxy={p.UsesProxy}";
        return Task.FromResult(missing.Count == 0 && p.ChecksAddressAtConnect && !p.FollowsRedirects && !p.UsesProxy
            ? TrustCheckResult.Met(evidence)
            : TrustCheckResult.Failing(missing.Count == 0 ? evidence : $"{evidence}; not refused: {string.Join(", ", missing)}"));
    }
}

/// <summary>Separate operator sign-in: there is no operator console yet, so the claim is shown as not met.</summary>
public sealed class OperatorSignInCheck : ITrustCheck
{
    public string ClaimId => TrustClaimIds.OperatorSignIn;

    public Task<TrustCheckResult> EvaluateAsync(CancellationToken cancellationToken)
        => Task.FromResult(TrustCheckResult.NotMet("no operator console exists yet; operator actions run only as scheduled jobs"));
}

namespace IdentityOps.Core.Trust;

/// <summary>How a host's sign-in session is configured, as the running host reports it.</summary>
/// <param name="CookieName">The session cookie's name (expected to start with <c>__Host-</c>).</param>
/// <param name="CookieHoldsOnlySessionId">True when the cookie carries an opaque id and the ticket stays on the server.</param>
public sealed record SessionPolicy(
    string CookieName,
    bool Secure,
    bool HttpOnly,
    string SameSite,
    bool CookieHoldsOnlySessionId,
    TimeSpan RotationInterval,
    TimeSpan AbsoluteLifetime,
    bool RevokedOnSignOut);

/// <summary>Implemented by a host with a sign-in session (the web app); until one is registered, the session claims show as not met.</summary>
public interface ISessionPolicyProbe
{
    SessionPolicy Describe();
}

/// <summary>How outbound requests (webhooks) are sent, as the running host reports it.</summary>
/// <param name="SigningScheme">For example <c>Standard Webhooks HMAC-SHA256</c>, or null when deliveries are unsigned.</param>
/// <param name="ReplayWindow">How old a signed delivery may be before receivers should refuse it.</param>
/// <param name="ChecksAddressAtConnect">True when the dialled address is checked in the connect callback (DNS rebinding fails).</param>
/// <param name="RefusedRanges">The address ranges refused, as CIDR strings.</param>
public sealed record OutboundPolicy(
    string? SigningScheme,
    TimeSpan ReplayWindow,
    bool ChecksAddressAtConnect,
    bool FollowsRedirects,
    bool UsesProxy,
    IReadOnlyList<string> RefusedRanges);

/// <summary>Implemented by the outbound (webhook) sender in core/Alerts; until one is registered, the webhook claims show as not met.</summary>
public interface IOutboundPolicyProbe
{
    OutboundPolicy Describe();
}

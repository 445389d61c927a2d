namespace IdentityOps.Core.Identity.Sessions;

/// <summary>One row of <c>server_sessions</c> as the session handler sees it.</summary>
/// <param name="RevokedAt">When the id stops authenticating: now for a sign-out, a few seconds ahead for a rotated id (its grace).</param>
/// <param name="ProtectedClaims">The kept claims, Data Protection ciphertext (<see cref="SessionClaimsProtector"/>); never tokens.</param>
public sealed record ServerSessionRecord(
    Guid TenantId,
    byte[] IdHash,
    Guid UserObjectId,
    DateTimeOffset CreatedAt,
    DateTimeOffset RotateAfter,
    DateTimeOffset AbsoluteExpiresAt,
    DateTimeOffset? RevokedAt,
    byte[] ProtectedClaims);

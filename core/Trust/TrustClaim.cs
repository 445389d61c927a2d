namespace IdentityOps.Core.Trust;

/// <summary>The ids of the product's public claims: tests name them in <c>[Trait("Claim", id)]</c>, the trust page and <c>./build.sh trust</c> print them.</summary>
public static class TrustClaimIds
{
    public const string ReadOnlyGraph = "read-only-graph";
    public const string MetadataOnly = "metadata-only";
    public const string TenantIsolation = "tenant-isolation";
    public const string NoTenantIdInput = "no-tenant-id-input";
    public const string TokensEncrypted = "tokens-encrypted";
    public const string KeysApart = "keys-apart";
    public const string SessionCookieIdOnly = "session-cookie-id-only";
    public const string SessionRotation = "session-rotation";
    public const string ImmutableAudit = "immutable-audit";
    public const string OperatorSignIn = "operator-sign-in";
    public const string Offboarding = "offboarding";
    public const string DeletionReceipt = "deletion-receipt";
    public const string NoAiAnalytics = "no-ai-analytics";
    public const string SignedWebhooks = "signed-webhooks";
    public const string SsrfGuard = "ssrf-guard";
}

/// <summary>One public promise, in the words customers read.</summary>
public sealed record TrustClaim(string Id, string Wording);

/// <summary>
/// The one list of what IdentityOps promises. A claim stays here while it is unmet: the trust page
/// shows it as not met rather than leaving it out.
/// </summary>
public static class TrustCatalogue
{
    public static IReadOnlyList<TrustClaim> All { get; } =
    [
        new(TrustClaimIds.ReadOnlyGraph, "IdentityOps only reads from Microsoft Graph: it asks for read scopes only and refuses to send any request that could write, even with a bug."),
        new(TrustClaimIds.MetadataOnly, "Only configuration metadata is stored: never a secret value, a token, a certificate or a password from your tenant, and none of them is ever written to a log."),
        new(TrustClaimIds.TenantIsolation, "Each organisation's data is isolated twice: by the application's own tenant filter and by row-level security forced in PostgreSQL."),
        new(TrustClaimIds.NoTenantIdInput, "No request can name a tenant: the tenant always comes from your signed-in identity, never from a URL, query or body."),
        new(TrustClaimIds.TokensEncrypted, "Delegated tokens are stored only encrypted with AES-256-GCM and never written to a log; an unencrypted or altered entry is refused."),
        new(TrustClaimIds.KeysApart, "Encryption keys are kept apart from the data they protect, and are themselves encrypted at rest."),
        new(TrustClaimIds.SessionCookieIdOnly, "Your browser's session cookie holds only an opaque session id (__Host-, Secure, HttpOnly, SameSite); the session lives on the server."),
        new(TrustClaimIds.SessionRotation, "Session ids rotate at least every 15 minutes, a sign-in lasts at most 24 hours whatever the activity, and signing out ends it on the server."),
        new(TrustClaimIds.ImmutableAudit, "Every action is recorded in an append-only, hash-chained audit trail whose head is signed and anchored outside it, so an edit, a gap or a deleted tail is detected."),
        new(TrustClaimIds.OperatorSignIn, "IdentityOps operators sign in separately from customers, with their own identity and their own audit chain."),
        new(TrustClaimIds.Offboarding, "When you leave, access stops at once, everything stays restorable for 30 days, and on day 30 every row of your organisation is purged."),
        new(TrustClaimIds.DeletionReceipt, "The purge leaves a deletion receipt: what was deleted, when, sealed with a hash that is also written to the operators' audit chain."),
        new(TrustClaimIds.NoAiAnalytics, "No AI or LLM service and no third-party analytics sees your data: the product loads and configures no such client."),
        new(TrustClaimIds.SignedWebhooks, "Outgoing webhooks are signed (Standard Webhooks) so receivers can verify them and refuse replays."),
        new(TrustClaimIds.SsrfGuard, "Outgoing requests refuse private, loopback, link-local and cloud-metadata addresses, checked at connect time, with no redirects."),
    ];

    public static bool Exists(string id) => All.Any(c => string.Equals(c.Id, id, StringComparison.Ordinal));
}

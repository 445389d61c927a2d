using System.Buffers;
using System.Security.Cryptography;

namespace IdentityOps.Core.Identity.Sessions;

/// <summary>
/// The opaque id a browser holds for its server-side session: 256 random bits, base64url (43
/// characters). The database keeps only its SHA-256, so a reader of <c>server_sessions</c> cannot
/// replay a session from what is stored there.
/// </summary>
public static class SessionId
{
    public const int Length = 43;

    private const int RandomBytes = 32;
    private static readonly SearchValues<char> Base64UrlAlphabet = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    public static string New()
        => Convert.ToBase64String(RandomNumberGenerator.GetBytes(RandomBytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>True for exactly what <see cref="New"/> makes; anything else is never looked up.</summary>
    public static bool IsWellFormed(string? id)
        => id is { Length: Length } && !id.AsSpan().ContainsAnyExcept(Base64UrlAlphabet);

    public static byte[] Hash(string id) => SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(id));
}

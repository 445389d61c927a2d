using System.Security.Cryptography;
using System.Text;

namespace IdentityOps.Testing.Webhooks;

/// <summary>
/// Standard Webhooks verification as its specification describes it (https://www.standardwebhooks.com/,
/// "Verifying webhook authenticity"), written here without the product's code, so a signer that drifts
/// from the specification cannot be verified by its own mirror image.
/// </summary>
public static class StandardWebhooksReference
{
    /// <summary>
    /// True when one of the space-separated <c>v1,</c> signatures is HMAC-SHA256 over
    /// <c>{id}.{timestamp}.{body}</c> with the base64 key after <c>whsec_</c>.
    /// </summary>
    public static bool Verify(string whsecSecret, string id, string timestamp, string body, string signatureHeader)
    {
        var key = Convert.FromBase64String(whsecSecret.Split('_', 2)[1]);
        using var hmac = new HMACSHA256(key);
        var expected = "v1," + Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(id + "." + timestamp + "." + body)));
        return signatureHeader.Split(' ').Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), Encoding.ASCII.GetBytes(expected)));
    }

    /// <summary>The receiver's replay rule: the timestamp within five minutes of the receiver's clock, either side.</summary>
    public static bool WithinTolerance(string timestamp, DateTimeOffset now)
        => long.TryParse(timestamp, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
           && Math.Abs(now.ToUnixTimeSeconds() - seconds) <= 300;
}

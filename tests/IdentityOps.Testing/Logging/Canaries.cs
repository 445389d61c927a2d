using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace IdentityOps.Testing.Logging;

/// <summary>
/// Values planted in a test's inputs that must never come out in a log line, an exception or a
/// stored reason. Each is unique to one test run (no other test can write it by chance) and is
/// searched for case-insensitively in every form a logger might print it: as is, base64, base64url,
/// URL- and form-encoded, HTML-encoded, and for a token also its payload and signature alone (a
/// truncated token still leaks them).
/// </summary>
public sealed class Canaries
{
    private readonly List<(string Name, string Form)> forms = [];

    /// <summary>A unique marker for names and free text ("CANARY-SECRET-…").</summary>
    public static string Marker(string kind) => $"CANARY-{kind}-{Guid.NewGuid():N}";

    /// <summary>A unique JWT-shaped token (header, payload and signature, base64url) that no issuer signed.</summary>
    public static string Jwt(Guid tenantId)
    {
        var header = Base64Url("{\"alg\":\"RS256\",\"kid\":\"canary\",\"typ\":\"JWT\"}"u8.ToArray());
        var payload = Base64Url(Encoding.UTF8.GetBytes($"{{\"aud\":\"https://graph.microsoft.com\",\"tid\":\"{tenantId:D}\",\"canary\":\"{Guid.NewGuid():N}\"}}"));
        return $"{header}.{payload}.{Base64Url(RandomNumberGenerator.GetBytes(64))}";
    }

    /// <summary>Base64 of a value, as Graph carries key material.</summary>
    public static string Base64(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));

    public IReadOnlyList<string> Names => [.. forms.Select(f => f.Name).Distinct()];

    /// <summary>Plants <paramref name="value"/> under <paramref name="name"/> and returns it.</summary>
    public string Add(string name, string value)
    {
        var encodings = new[]
        {
            value,
            Base64(value),
            Base64Url(Encoding.UTF8.GetBytes(value)),
            Uri.EscapeDataString(value),
            WebUtility.UrlEncode(value),
            WebUtility.HtmlEncode(value),
        }.Concat(value.Count(c => c == '.') == 2 && value.StartsWith("eyJ", StringComparison.Ordinal) ? value.Split('.')[1..] : []);
        foreach (var form in encodings.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            forms.Add((name, form));
        }

        return value;
    }

    /// <summary>Every (canary, line) where a form of the canary appears, case-insensitively.</summary>
    public IReadOnlyList<string> FindIn(IEnumerable<string> texts)
        => [.. texts.SelectMany(text => forms
            .Where(f => text.Contains(f.Form, StringComparison.OrdinalIgnoreCase))
            .Select(f => $"{f.Name} ({(f.Form.Length > 12 ? f.Form[..12] + "…" : f.Form)}) in: {Shorten(text)}"))];

    private static string Shorten(string text) => text.Length > 600 ? text[..600] + "…" : text;

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

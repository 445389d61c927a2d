using System.Globalization;
using System.Text;

namespace IdentityOps.Core.Rules.Templates;

/// <summary>
/// Makes a tenant-supplied value safe to show a person: control and bidirectional-override characters
/// become visible (<c>[U+202E]</c>), and very long values are cut for display. findings.json keeps the
/// full value; this is only for explanations, the report and CSV.
/// </summary>
public static class DisplayText
{
    /// <summary>Longest value shown in an explanation or a report cell. The default elsewhere is none.</summary>
    public const int MaximumLength = 200;

    public static string Visible(string? value, int maximumLength = MaximumLength)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var builder = new StringBuilder(Math.Min(value.Length, maximumLength) + 16);
        var shown = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (shown >= maximumLength)
            {
                builder.Append(CultureInfo.InvariantCulture, $"… (+{value.Length - i} characters)");
                break;
            }

            var c = value[i];
            if (IsHidden(c))
            {
                builder.Append(CultureInfo.InvariantCulture, $"[U+{(int)c:X4}]");
            }
            else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder.Append(c).Append(value[++i]);
            }
            else if (char.IsSurrogate(c))
            {
                builder.Append(CultureInfo.InvariantCulture, $"[U+{(int)c:X4}]");
            }
            else
            {
                builder.Append(c);
            }

            shown++;
        }

        return builder.ToString();
    }

    /// <summary>Characters that would hide, reorder or restyle text when shown as is.</summary>
    public static bool IsHidden(char c)
        => char.IsControl(c)
            || c is '\u200B' or '\u200C' or '\u200D' or '\u200E' or '\u200F' or '\u2028' or '\u2029' or '\u2060' or '\uFEFF' or '\uFFFD'
            || c is >= '\u202A' and <= '\u202E'
            || c is >= '\u2066' and <= '\u2069';

    /// <summary>Instants as reports show them: UTC, to the minute, culture-independent.</summary>
    public static string Instant(DateTimeOffset instant)
        => instant.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>A CSV cell that a spreadsheet will not run as a formula (OWASP CSV injection).</summary>
    public static string CsvCell(string? value)
    {
        var text = value ?? "";
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\n' or '|' or '%')
        {
            text = "'" + text;
        }

        return text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}

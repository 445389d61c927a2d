using System.Buffers;
using System.Globalization;
using System.Text;

namespace IdentityOps.Core.Rules.Templates;

/// <summary>
/// Makes a tenant-supplied value safe to show a person: control, format and other invisible characters
/// become visible (<c>[U+202E]</c>, <c>[U+E0041]</c>), and very long values are cut for display.
/// findings.json keeps the full value; this is only for explanations, pages, e-mails, the report and CSV.
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
        for (var i = 0; i < value.Length;)
        {
            if (shown >= maximumLength)
            {
                builder.Append(CultureInfo.InvariantCulture, $"… (+{value.Length - i} characters)");
                break;
            }

            // One code point at a time: a tag character (U+E0041) is a surrogate pair, and judging its two
            // halves apart would let it through (a lone half is neither Cf nor default-ignorable).
            if (Rune.DecodeFromUtf16(value.AsSpan(i), out var rune, out var consumed) != OperationStatus.Done)
            {
                builder.Append(CultureInfo.InvariantCulture, $"[U+{(int)value[i]:X4}]"); // an unpaired surrogate
                i++;
            }
            else
            {
                if (IsHidden(rune))
                {
                    builder.Append(CultureInfo.InvariantCulture, $"[U+{rune.Value:X4}]");
                }
                else
                {
                    builder.Append(value, i, consumed);
                }

                i += consumed;
            }

            shown++;
        }

        return builder.ToString();
    }

    /// <summary>
    /// Characters that would hide, reorder or restyle text when shown as is: every control (Cc) and format
    /// character (Cf: bidirectional controls, zero-width characters, the soft hyphen U+00AD, the Arabic letter
    /// mark U+061C, the Mongolian vowel separator U+180E, the invisible operators U+2061–2064, the tag
    /// characters U+E0001 and U+E0020–E007F, …), line and paragraph separators, and the other default-ignorable
    /// code points, which renderers draw as nothing (variation selectors, Hangul fillers, U+034F, the reserved
    /// ignorables); also U+FFFD, which stands for bytes that were not text.
    /// Sources: Unicode Character Database, General_Category (UAX #44) and Default_Ignorable_Code_Point in
    /// https://www.unicode.org/Public/UCD/latest/ucd/DerivedCoreProperties.txt.
    /// </summary>
    public static bool IsHidden(Rune rune)
        => Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            || rune.Value == 0xFFFD
            || IsDefaultIgnorable(rune.Value);

    /// <summary>Instants as reports show them: UTC, to the minute, culture-independent.</summary>
    public static string Instant(DateTimeOffset instant)
        => instant.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Default_Ignorable_Code_Point beyond Cf (the Cf ones are caught by category): U+034F, the Hangul fillers,
    /// U+17B4–17B5, U+180B–180F, U+2065, the variation selectors, U+FFF0–FFF8 and the whole U+E0000–E0FFF block
    /// (reserved tag-area code points included, so a tag character assigned after this runtime's Unicode
    /// version is still hidden).
    /// </summary>
    private static bool IsDefaultIgnorable(int codePoint)
        => codePoint is 0x034F or 0x115F or 0x1160 or 0x17B4 or 0x17B5 or 0x2065 or 0x3164 or 0xFFA0
            || codePoint is >= 0x180B and <= 0x180F
            || codePoint is >= 0xFE00 and <= 0xFE0F
            || codePoint is >= 0xFFF0 and <= 0xFFF8
            || codePoint is >= 0xE0000 and <= 0xE0FFF;
}

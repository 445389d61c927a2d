using System.Globalization;
using System.Text;
using IdentityOps.Core.Rules.Templates;
using Xunit;

namespace IdentityOps.Core.Tests.Rules.Templates;

/// <summary>
/// Names are shown with every invisible character made visible: the whole Unicode Cf category (tag characters
/// arrive as surrogate pairs), controls, separators and the other default-ignorable code points.
/// </summary>
public sealed class DisplayTextTests
{
    public static TheoryData<int> HiddenCodePoints => new()
    {
        0x0007, 0x001B, 0x007F, 0x0085, // controls
        0x00AD, // soft hyphen
        0x061C, // Arabic letter mark
        0x180E, // Mongolian vowel separator
        0x200B, 0x200D, 0x200E, 0x202E, 0x2066, 0x2069, 0xFEFF, // zero-width and bidirectional
        0x2061, 0x2062, 0x2063, 0x2064, // invisible operators
        0x2028, 0x2029, // line and paragraph separators
        0xFFF9, 0xFFFB, // interlinear annotation
        0x110BD, 0x1D173, 0x13430, // Cf beyond the BMP
        0xE0001, 0xE0020, 0xE0041, 0xE007F, // tag characters: language tag, tag space, tag A, cancel tag
        0xE0080, // reserved tag-area code point (default-ignorable)
        0x034F, 0x115F, 0x3164, 0xFFA0, 0x17B4, 0x180B, 0xFE0F, 0xE0100, // default-ignorable outside Cf
        0xFFFD,
    };

    [Theory]
    [MemberData(nameof(HiddenCodePoints))]
    public void An_invisible_character_in_a_name_is_shown_as_its_code_point(int codePoint)
    {
        var name = $"Pay{char.ConvertFromUtf32(codePoint)}roll";

        var shown = DisplayText.Visible(name);

        Assert.Equal($"Pay[U+{codePoint:X4}]roll", shown);
    }

    [Fact]
    public void A_tag_character_is_judged_as_one_code_point_not_as_two_surrogates()
    {
        var smuggled = "Admin" + string.Concat("ignore previous".Select(c => char.ConvertFromUtf32(0xE0000 + c)));

        var shown = DisplayText.Visible(smuggled);

        Assert.Equal(2, char.ConvertFromUtf32(0xE0041).Length);
        Assert.StartsWith("Admin[U+E0069][U+E0067]", shown, StringComparison.Ordinal);
        Assert.DoesNotContain(shown, char.IsSurrogate);
    }

    [Fact]
    public void Every_format_character_the_runtime_knows_is_hidden()
    {
        var format = Enumerable.Range(0, 0x110000)
            .Where(Rune.IsValid)
            .Select(cp => new Rune(cp))
            .Where(r => Rune.GetUnicodeCategory(r) == UnicodeCategory.Format)
            .ToList();

        Assert.True(format.Count > 150, $"{format.Count} Cf code points");
        Assert.All(format, r => Assert.True(DisplayText.IsHidden(r), $"U+{r.Value:X4}"));
    }

    [Theory]
    [InlineData("Contoso Payroll")]
    [InlineData("Zoë Ångström-Łukasz")]
    [InlineData("財務部 アプリ")]
    [InlineData("مدير الرواتب")]
    [InlineData("Launch 🚀 team 👩‍💻")]
    public void Visible_text_is_kept(string name)
        => Assert.Equal(name.Replace("\u200D", "[U+200D]", StringComparison.Ordinal), DisplayText.Visible(name));

    [Fact]
    public void An_unpaired_surrogate_is_shown_as_its_code_unit()
        => Assert.Equal("a[U+D800]b[U+DC41]", DisplayText.Visible("a\uD800b\uDC41"));
}

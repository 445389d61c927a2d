using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Rules.Applications;
using IdentityOps.Core.Rules.Templates;
using Xunit;
using static IdentityOps.Core.Tests.Rules.Records;

namespace IdentityOps.Core.Tests.Rules;

/// <summary>Tenant data is data: hostile display names render as the characters they are.</summary>
public sealed class TemplateSafetyTests
{
    [Theory]
    [InlineData("{{ 7*7 }}")]
    [InlineData("{{ include '/etc/passwd' }}")]
    [InlineData("{% raw %}")]
    [InlineData("{{ end }}{{ capture explanation }}pwned{{ end }}")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("=HYPERLINK(\"http://evil.example\",\"x\")")]
    public void Template_syntax_in_a_display_name_renders_literally(string name)
    {
        var app = App(1, name);
        var inventory = new TenantInventory { Applications = [app], Credentials = [Secret(app.ObjectId, 1, AsOf.AddDays(-220), AsOf.AddDays(-40))] };

        var finding = RuleAssert.SingleFinding<SecretExpiredRule>(inventory);

        Assert.Contains($"\"{name}\"", finding.Explanation, StringComparison.Ordinal);
        Assert.DoesNotContain("49", finding.Explanation.Replace(app.AppId.ToString(), "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(name, finding.Evidence["displayName"]);
    }

    [Fact]
    public void Bidirectional_overrides_and_controls_are_shown_visibly()
    {
        var app = App(1, "invoice\u202Efdp.exe\u0007");
        var inventory = new TenantInventory { Applications = [app], Credentials = [Secret(app.ObjectId, 1, AsOf.AddDays(-220), AsOf.AddDays(-40))] };

        var finding = RuleAssert.SingleFinding<SecretExpiredRule>(inventory);

        Assert.Contains("invoice[U+202E]fdp.exe[U+0007]", finding.Explanation, StringComparison.Ordinal);
        Assert.DoesNotContain('\u202E', finding.Explanation);
    }

    [Fact]
    public void Very_long_values_are_cut_for_display_and_kept_whole_in_evidence()
    {
        var name = new string('A', 20_000);
        var app = App(1, name);
        var inventory = new TenantInventory { Applications = [app], Credentials = [Secret(app.ObjectId, 1, AsOf.AddDays(-220), AsOf.AddDays(-40))] };

        var finding = RuleAssert.SingleFinding<SecretExpiredRule>(inventory);

        Assert.True(finding.Explanation.Length < 2_000, $"{finding.Explanation.Length} characters");
        Assert.Contains("(+19800 characters)", finding.Explanation, StringComparison.Ordinal);
        Assert.Equal(name, finding.Evidence["displayName"]);
    }
}

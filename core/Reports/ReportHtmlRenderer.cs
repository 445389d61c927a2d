using System.Globalization;
using System.Reflection;
using System.Text;
using IdentityOps.Core.Rules.Engine;
using Scriban;
using Scriban.Runtime;

namespace IdentityOps.Core.Reports;

/// <summary>
/// report.html for the CISO: one self-contained page (inline CSS, no script, nothing fetched), rendered
/// from the embedded <c>report.scriban</c> over a view model whose every text is <see cref="SafeHtml"/>.
/// </summary>
public sealed class ReportHtmlRenderer(RuleCatalog catalog)
{
    private static readonly Lazy<Template> Parsed = new(() =>
    {
        const string Resource = "IdentityOps.Core.Reports.Templates.report.scriban";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The embedded report template {Resource} is missing.");
        using var reader = new StreamReader(stream);
        var template = Template.Parse(reader.ReadToEnd(), "report.scriban");
        return template.HasErrors ? throw new InvalidOperationException($"report.scriban does not parse: {string.Join("; ", template.Messages)}") : template;
    });

    public byte[] Render(ScanReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var view = ReportViewBuilder.Build(report, [.. catalog.Rules.Select(r => r.Definition)]);
        var globals = new ScriptObject();
        globals.SetValue("r", view, readOnly: true);
        var context = new TemplateContext
        {
            StrictVariables = true,
            TemplateLoader = null,
            MemberRenamer = member => member.Name,
            LoopLimit = 1_000_000,
            NewLine = "\n",
        };
        context.PushCulture(CultureInfo.InvariantCulture);
        context.PushGlobal(globals);
        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(Parsed.Value.Render(context));
    }
}

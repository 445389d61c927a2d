using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using Scriban;
using Scriban.Runtime;
using Scriban.Syntax;

namespace IdentityOps.Core.Rules.Templates;

/// <summary>A rule's explanation and remediation, rendered from its evidence.</summary>
public sealed record RenderedExplanation(string Explanation, string Remediation);

/// <summary>
/// The rules' Scriban templates: embedded in the assembly, parsed once, rendered with the evidence as
/// values only. Tenant data never becomes template text, so a display name such as <c>{{ 7*7 }}</c>
/// renders as those characters. A template defines two captures, <c>explanation</c> and
/// <c>remediation</c>, and may read <c>evidence.*</c> and nothing else of the scan.
/// </summary>
public static class RuleTemplates
{
    private const string ResourcePrefix = "IdentityOps.Core.Rules.Templates.";
    private static readonly ConcurrentDictionary<string, Template> Cache = new(StringComparer.Ordinal);

    public static RenderedExplanation Render(PostureRule rule, Evidence evidence)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(evidence);
        var template = Parsed(rule.TemplateName);

        var model = new ScriptObject();
        var fields = new ScriptObject();
        foreach (var (name, value) in evidence)
        {
            fields.SetValue(name, ForDisplay(value), readOnly: true);
        }

        model.SetValue("evidence", fields, readOnly: true);
        var context = new TemplateContext
        {
            StrictVariables = true,
            EnableRelaxedMemberAccess = false,
            LoopLimit = 1000,
            RecursiveLimit = 20,
            // No loader: include and import of other files are refused.
            TemplateLoader = null,
            MemberRenamer = member => member.Name,
        };
        context.PushCulture(CultureInfo.InvariantCulture);
        context.PushGlobal(model);
        template.Render(context);

        return new RenderedExplanation(Captured(model, "explanation", rule), Captured(model, "remediation", rule));
    }

    /// <summary>The parsed template of a rule class; throws when it is missing or does not parse.</summary>
    public static Template Parsed(string templateName)
        => Cache.GetOrAdd(templateName, static name =>
        {
            var text = Source(name);
            var template = Template.Parse(text, name + ".scriban");
            return template.HasErrors
                ? throw new InvalidOperationException($"Template {name}.scriban does not parse: {string.Join("; ", template.Messages)}")
                : template;
        });

    /// <summary>The embedded source text of a template.</summary>
    public static string Source(string templateName)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourcePrefix + templateName + ".scriban")
            ?? throw new InvalidOperationException($"Template {templateName}.scriban is not embedded (it must sit beside the rule class).");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Every <c>evidence.x</c> a template reads, for the test that checks them against the rule's declared evidence.</summary>
    public static IReadOnlySet<string> EvidenceReferences(Template template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        Walk(template.Page, names);
        return names;
    }

    /// <summary>Every global variable a template reads or writes, so a test can refuse anything but evidence and the two captures.</summary>
    public static IReadOnlySet<string> GlobalVariables(Template template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        Collect(template.Page, node =>
        {
            // A member name (the x of evidence.x) parses as a variable node too: it is not a variable read.
            if (node is ScriptVariableGlobal global && !(node.Parent is ScriptMemberExpression member && ReferenceEquals(member.Member, node)))
            {
                names.Add(global.Name);
            }
        });
        return names;
    }

    private static void Walk(ScriptNode? node, SortedSet<string> names)
        => Collect(node, n =>
        {
            if (n is ScriptMemberExpression { Target: ScriptVariableGlobal { Name: "evidence" }, Member: { } member })
            {
                names.Add(member.Name);
            }
        });

    private static void Collect(ScriptNode? node, Action<ScriptNode> visit)
    {
        if (node is null)
        {
            return;
        }

        visit(node);
        foreach (var child in node.Children)
        {
            Collect(child, visit);
        }
    }

    private static string Captured(ScriptObject model, string name, PostureRule rule)
        => model.TryGetValue(name, out var value) && value?.ToString() is { } text
            ? text.Trim()
            : throw new InvalidOperationException($"Template {rule.TemplateName}.scriban must capture '{name}'.");

    private static object? ForDisplay(object? value) => value switch
    {
        string text => DisplayText.Visible(text),
        DateTimeOffset instant => DisplayText.Instant(instant),
        string[] list => new ScriptArray(list.Select(item => (object)DisplayText.Visible(item))),
        _ => value,
    };
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Reflection;
using IdentityOps.Core.Alerts.Digests;
using IdentityOps.Core.Rules.Templates;
using Scriban;
using Scriban.Runtime;

namespace IdentityOps.Core.Alerts.Templates;

/// <summary>An alert e-mail as rendered: subject and the two bodies.</summary>
public sealed record RenderedAlert(string Subject, string Html, string Text);

/// <summary>
/// Alert e-mails from the embedded <c>digest-html.scriban</c> and <c>digest-text.scriban</c>, with the
/// report's safety rules: tenant values are data, never template text; every string is made visible
/// (<see cref="DisplayText"/>: control and bidi characters shown as <c>[U+…]</c>, long values cut) and,
/// for HTML, encoded before it reaches the template; variables are strict and nothing can be included.
/// </summary>
public static class AlertMessageRenderer
{
    private const string ResourcePrefix = "IdentityOps.Core.Alerts.Templates.";
    private static readonly ConcurrentDictionary<string, Template> Cache = new(StringComparer.Ordinal);

    public static RenderedAlert Render(AlertDigest digest, Uri findingsUrl, Uri unsubscribeUrl)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var subject = DisplayText.Visible($"IdentityOps: {Heading(digest)} – {digest.TenantName}", 180);
        return new RenderedAlert(
            subject,
            RenderTemplate("digest-html", View(digest, findingsUrl, unsubscribeUrl, subject, text => WebUtility.HtmlEncode(DisplayText.Visible(text)), WebUtility.HtmlEncode)),
            RenderTemplate("digest-text", View(digest, findingsUrl, unsubscribeUrl, subject, text => DisplayText.Visible(text), url => url)));
    }

    private static string Heading(AlertDigest digest) => digest switch
    {
        { ConsentRevoked: not null } => "consent to IdentityOps was revoked",
        { NewFindings.Count: > 0 } => $"{digest.NewFindings.Count} new critical or high finding{(digest.NewFindings.Count == 1 ? "" : "s")}",
        { FailedScans.Count: > 0 } => "a scan failed",
        { ScoreDrop: not null } => "the tenant score dropped",
        _ => $"{digest.ExpiringCredentials.Count} application credential{(digest.ExpiringCredentials.Count == 1 ? "" : "s")} expiring soon",
    };

    // Links are ours (base URL, ids, a base64url token) and must arrive whole: encoded for HTML, never cut for display.
    private static ScriptObject View(AlertDigest d, Uri findingsUrl, Uri unsubscribeUrl, string subject, Func<string?, string> safe, Func<string, string> link)
    {
        string When(DateTimeOffset instant) => safe(DisplayText.Instant(instant));
        var model = new ScriptObject
        {
            ["Subject"] = safe(subject),
            ["Heading"] = safe(char.ToUpperInvariant(Heading(d)[0]) + Heading(d)[1..]),
            ["Period"] = safe(d.Period.Label),
            ["Tenant"] = safe(d.TenantName),
            ["Configuration"] = safe(d.ConfigurationName),
            ["FindingsUrl"] = link(findingsUrl.AbsoluteUri),
            ["UnsubscribeUrl"] = link(unsubscribeUrl.AbsoluteUri),
            ["Consent"] = d.ConsentRevoked is { } c ? new ScriptObject { ["When"] = When(c.FinishedAt), ["Reason"] = safe(c.Reason) } : null,
            ["Findings"] = new ScriptArray(d.NewFindings.Select(f => new ScriptObject
            {
                ["Severity"] = safe(f.Severity), ["RuleId"] = safe(f.RuleId), ["ObjectType"] = safe(f.ObjectType), ["ObjectName"] = safe(f.ObjectName), ["Explanation"] = safe(f.Explanation),
            })),
            ["Score"] = d.ScoreDrop is { } s ? new ScriptObject { ["Previous"] = s.Previous, ["Current"] = s.Current, ["Threshold"] = s.Threshold } : null,
            ["Failures"] = new ScriptArray(d.FailedScans.Select(f => new ScriptObject { ["When"] = When(f.FinishedAt), ["Reason"] = safe(f.Reason) })),
            ["Credentials"] = new ScriptArray(d.ExpiringCredentials.Select(c => new ScriptObject
            {
                ["Application"] = safe(c.ApplicationName), ["Kind"] = safe(c.Kind), ["EndsAt"] = When(c.EndsAt), ["DaysLeft"] = c.DaysLeft,
            })),
        };
        return model;
    }

    private static string RenderTemplate(string name, ScriptObject model)
    {
        var globals = new ScriptObject();
        globals.SetValue("m", model, readOnly: true);
        var context = new TemplateContext
        {
            StrictVariables = true,
            EnableRelaxedMemberAccess = false,
            TemplateLoader = null,
            LoopLimit = 10_000,
            RecursiveLimit = 20,
            NewLine = "\n",
        };
        context.PushCulture(CultureInfo.InvariantCulture);
        context.PushGlobal(globals);
        return Parsed(name).Render(context);
    }

    private static Template Parsed(string name)
        => Cache.GetOrAdd(name, static n =>
        {
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourcePrefix + n + ".scriban")
                ?? throw new InvalidOperationException($"The alert template {n}.scriban is not embedded.");
            using var reader = new StreamReader(stream);
            var template = Template.Parse(reader.ReadToEnd(), n + ".scriban");
            return template.HasErrors ? throw new InvalidOperationException($"{n}.scriban does not parse: {string.Join("; ", template.Messages)}") : template;
        });
}

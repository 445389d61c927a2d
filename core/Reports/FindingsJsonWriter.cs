using System.Text.Encodings.Web;
using System.Text.Json;
using IdentityOps.Core.Findings;
using IdentityOps.Core.Rules;

namespace IdentityOps.Core.Reports;

/// <summary>
/// findings.json, schema version <see cref="SchemaVersion"/> (docs/findings-schema.md). Written field by
/// field in a fixed order so the same scan data gives the same bytes.
/// </summary>
public static class FindingsJsonWriter
{
    public const string SchemaVersion = "1.0";

    public static byte[] Write(ScanReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.Default }))
        {
            json.WriteStartObject();
            json.WriteString("schemaVersion", SchemaVersion);
            json.WriteString("tenantId", report.TenantId);
            json.WriteString("scanId", report.ScanId);
            json.WriteString("asOf", Iso(report.AsOf));
            json.WriteNumber("tenantScore", report.TenantScore);
            json.WriteNumber("rulesEvaluated", report.RulesEvaluated);

            json.WriteStartArray("findings");
            foreach (var item in report.Findings)
            {
                WriteFinding(json, item);
            }

            json.WriteEndArray();

            json.WriteStartArray("notEvaluated");
            foreach (var rule in report.NotEvaluated)
            {
                json.WriteStartObject();
                json.WriteString("ruleId", rule.RuleId);
                json.WriteString("title", rule.Title);
                json.WriteString("reason", rule.Reason);
                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteStartObject("changes");
            json.WriteBoolean("comparedWithPreviousScan", report.HasPreviousScan);
            json.WriteStartArray("new");
            foreach (var key in report.New)
            {
                json.WriteStartObject();
                json.WriteString("ruleId", key.RuleId);
                json.WriteString("objectId", key.ObjectId);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("resolved");
            foreach (var resolved in report.Resolved)
            {
                json.WriteStartObject();
                json.WriteString("ruleId", resolved.RuleId);
                json.WriteString("objectId", resolved.ObjectId);
                json.WriteString("objectDisplayName", resolved.ObjectDisplayName);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    private static void WriteFinding(Utf8JsonWriter json, ReportFinding item)
    {
        var finding = item.Finding;
        json.WriteStartObject();
        json.WriteString("ruleId", finding.RuleId);
        json.WriteString("title", item.Rule.Title);
        json.WriteString("severity", finding.Severity.ToLowerInvariant());
        json.WriteString("category", finding.Category);
        json.WriteString("objectType", finding.ObjectType);
        json.WriteString("objectId", finding.ObjectId);
        json.WriteString("objectDisplayName", finding.ObjectDisplayName);
        json.WriteNumber("score", finding.Score);
        json.WriteString("status", item.IsAccepted ? "accepted" : "open");
        json.WritePropertyName("evidence");
        using (var evidence = JsonDocument.Parse(finding.Evidence))
        {
            evidence.RootElement.WriteTo(json);
        }

        json.WritePropertyName("signals");
        using (var signals = JsonDocument.Parse(finding.Signals))
        {
            signals.RootElement.WriteTo(json);
        }

        json.WriteString("explanation", finding.Explanation);
        json.WriteString("remediation", finding.Remediation);
        json.WriteStartArray("frameworks");
        foreach (var reference in item.Rule.Frameworks)
        {
            json.WriteStartObject();
            json.WriteString("framework", reference.Framework);
            json.WriteString("control", reference.Control);
            if (reference.Difference is { } difference)
            {
                // A partial mapping is not a claim that the control fails exactly when the finding exists: say so and how.
                json.WriteString("partial", difference);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (item.Acceptance is { } acceptance)
        {
            json.WriteStartObject("acceptance");
            json.WriteString("reason", acceptance.Reason);
            json.WriteString("acceptedBy", acceptance.AcceptedBy);
            json.WriteString("acceptedAt", Iso(acceptance.AcceptedAt));
            json.WriteString("expiresAt", Iso(acceptance.ExpiresAt));
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static string Iso(DateTimeOffset instant) => FindingJson.Iso(instant);
}

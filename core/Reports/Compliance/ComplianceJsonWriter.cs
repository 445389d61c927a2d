using System.Text.Encodings.Web;
using System.Text.Json;
using IdentityOps.Core.Rules;

namespace IdentityOps.Core.Reports.Compliance;

/// <summary>
/// compliance.json, schema version <see cref="SchemaVersion"/> (docs/compliance.md): the compliance view of one
/// scan, written field by field in a fixed order so the same scan data gives the same bytes.
/// </summary>
public static class ComplianceJsonWriter
{
    public const string SchemaVersion = "1.0";

    public static byte[] Write(ComplianceView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.Default }))
        {
            json.WriteStartObject();
            json.WriteString("schemaVersion", SchemaVersion);
            json.WriteString("tenantId", view.TenantId);
            json.WriteString("scanId", view.ScanId);
            json.WriteString("asOf", FindingJson.Iso(view.AsOf));
            json.WriteStartArray("frameworks");
            foreach (var framework in view.Frameworks)
            {
                json.WriteStartObject();
                json.WriteString("framework", framework.Name);
                json.WriteStartObject("summary");
                json.WriteNumber("pass", framework.Count(ControlStatus.Pass));
                json.WriteNumber("fail", framework.Count(ControlStatus.Fail));
                json.WriteNumber("notEvaluated", framework.Count(ControlStatus.NotEvaluated));
                json.WriteEndObject();
                json.WriteStartArray("controls");
                foreach (var control in framework.Controls)
                {
                    WriteControl(json, control);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    /// <summary>The status as compliance.json spells it.</summary>
    public static string Key(this ControlStatus status) => status switch
    {
        ControlStatus.Pass => "pass",
        ControlStatus.Fail => "fail",
        ControlStatus.NotEvaluated => "notEvaluated",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    private static void WriteControl(Utf8JsonWriter json, ComplianceControl control)
    {
        json.WriteStartObject();
        json.WriteString("control", control.Control);
        json.WriteString("status", control.Status.Key());
        json.WriteBoolean("riskAccepted", control.RiskAccepted);

        // True when no rule maps the control fully: the status is our rules' verdict, not the peer's.
        json.WriteBoolean("partial", control.IsPartial);
        json.WriteString("statement", control.Statement);
        json.WriteStartArray("rules");
        foreach (var rule in control.Rules)
        {
            json.WriteStartObject();
            json.WriteString("ruleId", rule.RuleId);
            json.WriteString("title", rule.Title);
            json.WriteString("status", rule.Status.Key());
            if (rule.Difference is { } difference)
            {
                json.WriteString("partial", difference);
            }

            json.WriteString("why", rule.Why);
            json.WriteStartArray("findings");
            foreach (var finding in rule.Findings)
            {
                json.WriteStartObject();
                json.WriteString("objectType", finding.ObjectType);
                json.WriteString("objectId", finding.ObjectId);
                json.WriteString("objectDisplayName", finding.ObjectDisplayName);
                json.WriteString("severity", finding.Severity.ToLowerInvariant());
                json.WriteString("status", finding.IsAccepted ? "accepted" : "open");
                if (finding.ReportedUnder is { } under)
                {
                    json.WriteString("reportedUnder", under);
                }

                if (finding.AcceptedUntil is { } until)
                {
                    json.WriteString("acceptanceReason", finding.AcceptanceReason);
                    json.WriteString("acceptedUntil", FindingJson.Iso(until));
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}

using System.Globalization;
using System.Text;
using IdentityOps.Core.Rules.Templates;

namespace IdentityOps.Core.Reports;

/// <summary>
/// findings.csv: one row per finding, for spreadsheets. Every cell is shown-safe (controls visible, long
/// values cut — findings.json keeps them whole) and cannot start a formula.
/// </summary>
public static class FindingsCsvWriter
{
    private const int CellLength = 1000;

    private static readonly string[] Header =
        ["ruleId", "title", "severity", "category", "objectType", "objectId", "objectDisplayName", "score", "status", "explanation", "remediation", "frameworks"];

    public static byte[] Write(ScanReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var csv = new StringBuilder();
        csv.Append(string.Join(',', Header)).Append("\r\n");
        foreach (var item in report.Findings)
        {
            var f = item.Finding;
            string[] cells =
            [
                f.RuleId, item.Rule.Title, f.Severity.ToLowerInvariant(), f.Category, f.ObjectType, f.ObjectId, f.ObjectDisplayName ?? "",
                f.Score.ToString("0.0", CultureInfo.InvariantCulture), item.IsAccepted ? "accepted" : "open", f.Explanation, f.Remediation,
                string.Join("; ", item.Rule.Frameworks.Select(r => $"{r.Framework} {r.Cited}")),
            ];
            csv.Append(string.Join(',', cells.Select(c => DisplayText.CsvCell(DisplayText.Visible(c, CellLength))))).Append("\r\n");
        }

        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(csv.ToString());
    }
}

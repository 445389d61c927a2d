using IdentityOps.Core.Reports.Compliance;
using IdentityOps.Core.Rules.Engine;

namespace IdentityOps.Core.Reports;

/// <summary>Writes the outputs of a scan to a folder: report.html, findings.json, findings.csv and compliance.json.</summary>
public sealed class ReportFiles(ReportHtmlRenderer html, RuleCatalog catalog)
{
    public async Task<IReadOnlyList<string>> WriteAsync(ScanReport report, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var files = new (string Name, byte[] Bytes)[]
        {
            ("report.html", html.Render(report)),
            ("findings.json", FindingsJsonWriter.Write(report)),
            ("findings.csv", FindingsCsvWriter.Write(report)),
            ("compliance.json", ComplianceJsonWriter.Write(ComplianceViewBuilder.Build(report, catalog))),
        };
        var written = new List<string>();
        foreach (var (name, bytes) in files)
        {
            var path = Path.Combine(directory, name);
            await File.WriteAllBytesAsync(path, bytes, cancellationToken);
            written.Add(path);
        }

        return written;
    }
}

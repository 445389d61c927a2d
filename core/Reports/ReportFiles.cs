namespace IdentityOps.Core.Reports;

/// <summary>Writes the three outputs of a scan to a folder: report.html, findings.json and findings.csv.</summary>
public sealed class ReportFiles(ReportHtmlRenderer html)
{
    public async Task<IReadOnlyList<string>> WriteAsync(ScanReport report, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var files = new (string Name, byte[] Bytes)[]
        {
            ("report.html", html.Render(report)),
            ("findings.json", FindingsJsonWriter.Write(report)),
            ("findings.csv", FindingsCsvWriter.Write(report)),
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

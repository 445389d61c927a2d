using System.Text;
using IdentityOps.Core.Reports;
using Xunit;

namespace IdentityOps.Core.Tests.Reports;

/// <summary>
/// findings.csv opened in a spreadsheet: every cell quoted (RFC 4180), and no formula at the start of a cell,
/// nor where a reader that splits on <c>;</c> (Excel in many European locales), tabs or line breaks would
/// start one (OWASP "CSV Injection").
/// </summary>
public sealed class CsvCellTests
{
    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("", "\"\"")]
    [InlineData("=1+1", "\"'=1+1\"")]
    [InlineData("+cmd", "\"'+cmd\"")]
    [InlineData("-2", "\"'-2\"")]
    [InlineData("@SUM(A1)", "\"'@SUM(A1)\"")]
    [InlineData("\t=1", "\"'\t'=1\"")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("=\"x\"", "\"'=\"\"x\"\"\"")]
    [InlineData("a;=HYPERLINK(\"http://x\")", "\"a;'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("a; =1+1", "\"a; '=1+1\"")]
    [InlineData("a,-1", "\"a,'-1\"")]
    [InlineData("a;\"@x", "\"a;\"\"'@x\"")]
    [InlineData("a \"@x\" = 1", "\"a \"\"@x\"\" = 1\"")]
    [InlineData("line\n+1", "\"line\n'+1\"")]
    [InlineData("1-2; 3", "\"1-2; 3\"")]
    [InlineData("=1+2\";=1+2", "\"'=1+2\"\";'=1+2\"")] // OWASP's example, with the second formula neutralised too
    public void A_cell_is_quoted_and_cannot_start_a_formula(string value, string cell) => Assert.Equal(cell, CsvCell.Format(value));

    [Fact]
    public void Findings_csv_quotes_every_cell_and_no_separator_a_spreadsheet_may_use_starts_a_formula()
    {
        var csv = Encoding.UTF8.GetString(FindingsCsvWriter.Write(ReportOutputTests.FixedReport()));
        var rows = Rfc4180Rows(csv);

        Assert.Contains("a;'=HYPERLINK(\"\"http://x\"\")", csv, StringComparison.Ordinal);
        Assert.True(rows.Count > 2, $"{rows.Count} rows");
        Assert.All(rows, row => Assert.Equal(rows[0].Count, row.Count));
        Assert.All(rows.SelectMany(r => r.Select(c => c.Raw)), raw => Assert.True(raw.StartsWith('"') && raw.EndsWith('"'), $"unquoted cell: {raw}"));

        // Read the file as a reader that splits on , ; tab and line breaks and ignores quotes: no piece starts a formula.
        var pieces = csv.Replace("\"", "", StringComparison.Ordinal).Split([',', ';', '\t', '\r', '\n']).Select(p => p.TrimStart(' '));
        Assert.All(pieces, piece => Assert.False(piece.Length > 0 && piece[0] is '=' or '+' or '-' or '@', $"a formula starts a cell: {piece}"));
    }

    /// <summary>A strict RFC 4180 reader: each cell with its raw text as written.</summary>
    private static List<List<(string Raw, string Value)>> Rfc4180Rows(string csv)
    {
        var rows = new List<List<(string Raw, string Value)>>();
        var row = new List<(string, string)>();
        var i = 0;
        while (i < csv.Length)
        {
            var start = i;
            var value = new StringBuilder();
            if (csv[i] == '"')
            {
                i++;
                while (!(csv[i] == '"' && (i + 1 == csv.Length || csv[i + 1] != '"')))
                {
                    value.Append(csv[i]);
                    i += csv[i] == '"' ? 2 : 1;
                }

                i++;
            }
            else
            {
                while (i < csv.Length && csv[i] is not (',' or '\r'))
                {
                    value.Append(csv[i++]);
                }
            }

            row.Add((csv[start..i], value.ToString()));
            if (i < csv.Length && csv[i] == ',')
            {
                i++;
            }
            else
            {
                Assert.Equal("\r\n", csv.Substring(i, 2));
                i += 2;
                rows.Add(row);
                row = [];
            }
        }

        return rows;
    }
}

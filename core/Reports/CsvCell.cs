using System.Text;

namespace IdentityOps.Core.Reports;

/// <summary>
/// One CSV cell that a spreadsheet reads as text, never as a formula (CSV injection, CWE-1236).
/// <list type="bullet">
/// <item>Every cell is quoted and its double quotes doubled (RFC 4180, sections 2.5–2.7), so a separator, a
/// quote or a line break inside tenant text stays inside its cell for a parser that follows the RFC.</item>
/// <item>A cell starting with <c>= + - @</c>, tab, CR, LF or NUL (OWASP "CSV Injection"; ASVS 5.0 V1.2.10 adds
/// NUL), or with <c>|</c> or <c>%</c> (DDE and legacy Excel forms), gets a leading apostrophe, which
/// spreadsheets take as "text" and do not show.</item>
/// <item>The same after anything a spreadsheet may take as the start of a new cell despite the quoting:
/// a comma or semicolon (Excel in a locale whose list separator is <c>;</c> splits there and honours a quote
/// only at the start of a cell), a tab, CR or LF (a reader that ignores quoted line breaks starts a new row).
/// Spaces and double quotes between that separator and the formula are skipped (OWASP: "you also need to take
/// care of the field separator (e.g., ',', or ';') and quotes (e.g., ', or "), as attackers could use this to
/// start a new cell"). A quote with no separator before it starts no cell in any reader we know, so text such
/// as <c>@{ "@odata.id" = … }</c> in a remediation stays as written.</item>
/// </list>
/// Source: https://owasp.org/www-community/attacks/CSV_Injection (read from OWASP/www-community
/// pages/attacks/CSV_Injection.md), https://www.rfc-editor.org/rfc/rfc4180 section 2.
/// </summary>
public static class CsvCell
{
    private const char TextMarker = '\'';

    public static string Format(string? value)
    {
        var text = value ?? string.Empty;
        var cell = new StringBuilder(text.Length + 8).Append('"');
        var cellMayStart = true; // at the start of the value, and after each character that may begin a new cell
        foreach (var c in text)
        {
            if (cellMayStart && StartsFormula(c))
            {
                cell.Append(TextMarker);
            }

            cell.Append(c);
            if (c == '"')
            {
                cell.Append('"');
            }

            // Spaces and quotes between a separator and a formula do not stop it ("a; =1" and "a;""=1" are formulas
            // for a reader that trims or takes the quote as the start of a quoted cell); a quote alone starts no cell.
            cellMayStart = IsSeparator(c) || (cellMayStart && c is ' ' or '"');
        }

        return cell.Append('"').ToString();
    }

    /// <summary>One row of quoted cells ending in CRLF (RFC 4180 section 2.1).</summary>
    public static string Row(IEnumerable<string?> values) => string.Join(',', values.Select(Format)) + "\r\n";

    private static bool StartsFormula(char c) => c is '=' or '+' or '-' or '@' or '\t' or '\r' or '\n' or '\0' or '|' or '%';

    private static bool IsSeparator(char c) => c is ',' or ';' or '\t' or '\r' or '\n';
}

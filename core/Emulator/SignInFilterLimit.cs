using System.Globalization;
using System.Text.RegularExpressions;

namespace IdentityOps.Emulator;

/// <summary>
/// Graph refuses a <c>$filter</c> with more than 15 expressions. Microsoft documents the limit of 15 for the
/// <c>in</c> operator (<c>concepts/filter-query-parameter.md</c>, microsoftgraph/microsoft-graph-docs PR 22097); the
/// directory answers an <c>or</c> chain past it with "Too many child clauses specified in search filter expression
/// containing 'OR' operators: 16. Max allowed: 15" (microsoftgraph/microsoft-graph-docs issue 21098). Neither
/// page documents the wording for <c>auditLogs/signIns</c>; the emulator applies the directory's limit and wording
/// there, counting every comparison, so a reader that packs its values into one filter fails here first.
/// </summary>
internal static partial class SignInFilterLimit
{
    public const int MaxExpressions = 15;

    public static void Check(GraphTarget target)
    {
        if (!target.Path.Equals("auditLogs/signIns", StringComparison.OrdinalIgnoreCase) || target.Option("filter") is not { Length: > 0 } filter)
        {
            return;
        }

        var count = Expressions(filter);
        if (count > MaxExpressions)
        {
            throw new ODataQueryException(
                GraphErrorCodes.UnsupportedQuery,
                string.Create(CultureInfo.InvariantCulture, $"Too many child clauses specified in search filter expression containing 'OR' operators: {count}. Max allowed: {MaxExpressions}."));
        }
    }

    /// <summary>Comparisons (<c>eq</c>, <c>ne</c>, <c>gt</c>, <c>ge</c>, <c>lt</c>, <c>le</c>) and string functions, outside quoted literals.</summary>
    internal static int Expressions(string filter)
    {
        var unquoted = QuotedLiteral().Replace(filter, "''");
        return Comparison().Count(unquoted) + StringFunction().Count(unquoted);
    }

    [GeneratedRegex("'(?:[^']|'')*'")]
    private static partial Regex QuotedLiteral();

    [GeneratedRegex(@"\s(?:eq|ne|gt|ge|lt|le)\s", RegexOptions.IgnoreCase)]
    private static partial Regex Comparison();

    [GeneratedRegex(@"\b(?:startswith|endswith|contains)\s*\(", RegexOptions.IgnoreCase)]
    private static partial Regex StringFunction();
}

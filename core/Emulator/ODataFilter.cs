using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IdentityOps.Emulator;

/// <summary>
/// The <c>$filter</c> subset the emulator understands: <c>eq ne gt ge lt le</c> between a property path and a literal,
/// <c>in (…)</c>, <c>startswith</c>/<c>endswith</c>, combined with <c>and</c>, <c>or</c>, <c>not</c> and parentheses.
/// Anything else (lambdas, other functions, property-to-property comparisons) is refused with 400
/// <c>Request_UnsupportedQuery</c>, as Graph refuses filters a resource does not support; text that does not parse is
/// refused with 400 <c>BadRequest</c> ("Invalid filter clause").
/// </summary>
internal abstract record ODataFilter
{
    public abstract bool Matches(JsonObject item);

    public static ODataFilter Parse(string text) => new FilterParser(text).ParseAll();
}

internal enum ComparisonOperator
{
    Equal,
    NotEqual,
    Greater,
    GreaterOrEqual,
    Less,
    LessOrEqual,
}

internal enum LiteralKind
{
    Null,
    Text,
    Boolean,
    Number,
    DateTime,
}

internal sealed record FilterLiteral(LiteralKind Kind, string Text, double Number = 0, DateTimeOffset Date = default, bool Boolean = false);

internal sealed record AndFilter(ODataFilter Left, ODataFilter Right) : ODataFilter
{
    public override bool Matches(JsonObject item) => Left.Matches(item) && Right.Matches(item);
}

internal sealed record OrFilter(ODataFilter Left, ODataFilter Right) : ODataFilter
{
    public override bool Matches(JsonObject item) => Left.Matches(item) || Right.Matches(item);
}

internal sealed record NotFilter(ODataFilter Operand) : ODataFilter
{
    public override bool Matches(JsonObject item) => !Operand.Matches(item);
}

internal sealed record ComparisonFilter(string[] PropertyPath, ComparisonOperator Operator, FilterLiteral Literal) : ODataFilter
{
    public override bool Matches(JsonObject item) => FilterValues.Compare(FilterValues.Resolve(item, PropertyPath), Operator, Literal);
}

internal sealed record InFilter(string[] PropertyPath, FilterLiteral[] Literals) : ODataFilter
{
    public override bool Matches(JsonObject item)
    {
        var value = FilterValues.Resolve(item, PropertyPath);
        return Literals.Any(literal => FilterValues.Compare(value, ComparisonOperator.Equal, literal));
    }
}

internal sealed record AffixFilter(string[] PropertyPath, string Affix, bool Prefix) : ODataFilter
{
    public override bool Matches(JsonObject item) =>
        FilterValues.Resolve(item, PropertyPath) is JsonValue value
        && value.GetValueKind() == JsonValueKind.String
        && (Prefix
            ? value.GetValue<string>().StartsWith(Affix, StringComparison.OrdinalIgnoreCase)
            : value.GetValue<string>().EndsWith(Affix, StringComparison.OrdinalIgnoreCase));
}

/// <summary>How a stored JSON value compares with a filter literal; a missing property reads as null.</summary>
internal static class FilterValues
{
    public static JsonNode? Resolve(JsonObject item, string[] path)
    {
        JsonNode? current = item;
        foreach (var segment in path)
        {
            if (current is not JsonObject obj)
            {
                return null;
            }

            current = Property(obj, segment);
        }

        return current;
    }

    public static bool Compare(JsonNode? value, ComparisonOperator op, FilterLiteral literal)
    {
        var isNull = value is null || value.GetValueKind() == JsonValueKind.Null;
        if (literal.Kind == LiteralKind.Null)
        {
            return op switch
            {
                ComparisonOperator.Equal => isNull,
                ComparisonOperator.NotEqual => !isNull,
                _ => false,
            };
        }

        var order = isNull || value is not JsonValue jsonValue ? null : Order(jsonValue, literal);
        if (order is not { } c)
        {
            // Incomparable (null, wrong type, unparsable date): only "not equal" holds.
            return op == ComparisonOperator.NotEqual;
        }

        return op switch
        {
            ComparisonOperator.Equal => c == 0,
            ComparisonOperator.NotEqual => c != 0,
            ComparisonOperator.Greater => c > 0,
            ComparisonOperator.GreaterOrEqual => c >= 0,
            ComparisonOperator.Less => c < 0,
            ComparisonOperator.LessOrEqual => c <= 0,
            _ => false,
        };
    }

    private static JsonNode? Property(JsonObject obj, string name)
    {
        if (obj.TryGetPropertyValue(name, out var exact))
        {
            return exact;
        }

        foreach (var (key, value) in obj)
        {
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    private static int? Order(JsonValue value, FilterLiteral literal)
    {
        var kind = value.GetValueKind();
        switch (literal.Kind)
        {
            case LiteralKind.Text when kind == JsonValueKind.String:
                // Directory string comparisons are case-insensitive.
                return Math.Sign(string.Compare(value.GetValue<string>(), literal.Text, StringComparison.OrdinalIgnoreCase));
            case LiteralKind.DateTime when kind == JsonValueKind.String:
                return TryParseDate(value.GetValue<string>(), out var date) ? date.CompareTo(literal.Date) : null;
            case LiteralKind.Number when kind == JsonValueKind.Number:
                return TryGetNumber(value, out var number) ? number.CompareTo(literal.Number) : null;
            case LiteralKind.Boolean when kind is JsonValueKind.True or JsonValueKind.False:
                return (kind == JsonValueKind.True).CompareTo(literal.Boolean);
            default:
                return null;
        }
    }

    internal static bool TryParseDate(string text, out DateTimeOffset date) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out date);

    private static bool TryGetNumber(JsonValue value, out double number)
    {
        if (value.TryGetValue(out number))
        {
            return true;
        }

        if (value.TryGetValue(out long whole))
        {
            number = whole;
            return true;
        }

        if (value.TryGetValue(out int small))
        {
            number = small;
            return true;
        }

        if (value.TryGetValue(out decimal exact))
        {
            number = (double)exact;
            return true;
        }

        return double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number);
    }
}

/// <summary>Recursive descent over the tokens of a <c>$filter</c> expression.</summary>
internal sealed class FilterParser
{
    private const int MaxDepth = 64;

    private readonly string _text;
    private readonly List<Token> _tokens;
    private int _position;
    private int _depth;

    public FilterParser(string text)
    {
        _text = text;
        _tokens = Tokenize(text);
    }

    private enum TokenKind
    {
        Word,
        Text,
        Open,
        Close,
        Comma,
        End,
    }

    public ODataFilter ParseAll()
    {
        var filter = ParseOr();
        if (Peek().Kind != TokenKind.End)
        {
            throw Invalid($"unexpected '{Peek().Value}'");
        }

        return filter;
    }

    private static ODataQueryException Unsupported(string detail) =>
        new(GraphErrorCodes.UnsupportedQuery, $"Unsupported or invalid query filter clause specified: {detail}.");

    private static bool IsWord(Token token, string word) =>
        token.Kind == TokenKind.Word && token.Value.Equals(word, StringComparison.OrdinalIgnoreCase);

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '(')
            {
                tokens.Add(new Token(TokenKind.Open, "("));
                i++;
            }
            else if (c == ')')
            {
                tokens.Add(new Token(TokenKind.Close, ")"));
                i++;
            }
            else if (c == ',')
            {
                tokens.Add(new Token(TokenKind.Comma, ","));
                i++;
            }
            else if (c == '\'')
            {
                // OData string literal: a quote inside is written twice.
                var value = new System.Text.StringBuilder();
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw new ODataQueryException(GraphErrorCodes.BadRequest, $"Invalid filter clause: unterminated string literal in '{text}'.");
                    }

                    if (text[i] == '\'')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '\'')
                        {
                            value.Append('\'');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    value.Append(text[i++]);
                }

                tokens.Add(new Token(TokenKind.Text, value.ToString()));
            }
            else
            {
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('(' or ')' or ',' or '\''))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Word, text[start..i]));
            }
        }

        tokens.Add(new Token(TokenKind.End, string.Empty));
        return tokens;
    }

    private static string[] PropertyPath(Token token)
    {
        var valid = token.Kind == TokenKind.Word
            && token.Value.Length > 0
            && (char.IsLetter(token.Value[0]) || token.Value[0] == '@')
            && token.Value.All(c => char.IsLetterOrDigit(c) || c is '/' or '_' or '.' or '@');
        if (!valid)
        {
            throw new ODataQueryException(GraphErrorCodes.BadRequest, $"Invalid filter clause: '{token.Value}' is not a property.");
        }

        return token.Value.Split('/');
    }

    private static FilterLiteral Literal(Token token)
    {
        if (token.Kind == TokenKind.Text)
        {
            return new FilterLiteral(LiteralKind.Text, token.Value);
        }

        if (token.Kind != TokenKind.Word)
        {
            throw new ODataQueryException(GraphErrorCodes.BadRequest, $"Invalid filter clause: expected a literal, found '{token.Value}'.");
        }

        var word = token.Value;
        if (word.Equals("null", StringComparison.OrdinalIgnoreCase))
        {
            return new FilterLiteral(LiteralKind.Null, word);
        }

        if (word.Equals("true", StringComparison.OrdinalIgnoreCase) || word.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            return new FilterLiteral(LiteralKind.Boolean, word, Boolean: word.Equals("true", StringComparison.OrdinalIgnoreCase));
        }

        // OData writes GUIDs unquoted; directory ids are strings, so they compare as text.
        if (Guid.TryParse(word, out _))
        {
            return new FilterLiteral(LiteralKind.Text, word);
        }

        if (double.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return new FilterLiteral(LiteralKind.Number, word, Number: number);
        }

        if (word.Contains('-', StringComparison.Ordinal) && FilterValues.TryParseDate(word, out var date))
        {
            return new FilterLiteral(LiteralKind.DateTime, word, Date: date);
        }

        throw Unsupported($"comparing with '{word}' (only literals are supported on the right-hand side)");
    }

    private ODataFilter ParseOr()
    {
        var left = ParseAnd();
        while (IsWord(Peek(), "or"))
        {
            _position++;
            left = new OrFilter(left, ParseAnd());
        }

        return left;
    }

    private ODataFilter ParseAnd()
    {
        var left = ParseUnary();
        while (IsWord(Peek(), "and"))
        {
            _position++;
            left = new AndFilter(left, ParseUnary());
        }

        return left;
    }

    private ODataFilter ParseUnary()
    {
        if (++_depth > MaxDepth)
        {
            throw Unsupported("the expression is nested too deeply");
        }

        try
        {
            if (IsWord(Peek(), "not"))
            {
                _position++;
                return new NotFilter(ParseUnary());
            }

            return ParsePrimary();
        }
        finally
        {
            _depth--;
        }
    }

    private ODataFilter ParsePrimary()
    {
        var token = Next();
        if (token.Kind == TokenKind.Open)
        {
            var inner = ParseOr();
            Expect(TokenKind.Close);
            return inner;
        }

        if (token.Kind != TokenKind.Word)
        {
            throw Invalid($"unexpected '{token.Value}'");
        }

        if (Peek().Kind == TokenKind.Open)
        {
            return ParseFunction(token.Value);
        }

        var path = PropertyPath(token);
        var op = Next();
        if (IsWord(op, "in"))
        {
            Expect(TokenKind.Open);
            var literals = new List<FilterLiteral> { Literal(Next()) };
            while (Peek().Kind == TokenKind.Comma)
            {
                _position++;
                literals.Add(Literal(Next()));
            }

            Expect(TokenKind.Close);
            return new InFilter(path, [.. literals]);
        }

        var comparison = op.Kind != TokenKind.Word ? (ComparisonOperator?)null : op.Value.ToUpperInvariant() switch
        {
            "EQ" => ComparisonOperator.Equal,
            "NE" => ComparisonOperator.NotEqual,
            "GT" => ComparisonOperator.Greater,
            "GE" => ComparisonOperator.GreaterOrEqual,
            "LT" => ComparisonOperator.Less,
            "LE" => ComparisonOperator.LessOrEqual,
            _ => null,
        };
        if (comparison is null)
        {
            throw op.Kind == TokenKind.Word && op.Value is "has" or "add" or "sub" or "mul" or "div" or "mod"
                ? Unsupported($"the operator '{op.Value}'")
                : Invalid($"expected a comparison operator after '{token.Value}', found '{op.Value}'");
        }

        return new ComparisonFilter(path, comparison.Value, Literal(Next()));
    }

    private AffixFilter ParseFunction(string name)
    {
        var prefix = name.Equals("startswith", StringComparison.OrdinalIgnoreCase);
        if (!prefix && !name.Equals("endswith", StringComparison.OrdinalIgnoreCase))
        {
            // Includes lambdas such as assignedLicenses/any(x:…), which the emulator does not evaluate.
            throw Unsupported($"the function '{name}'");
        }

        Expect(TokenKind.Open);
        var path = PropertyPath(Next());
        Expect(TokenKind.Comma);
        var affix = Next();
        if (affix.Kind != TokenKind.Text)
        {
            throw Unsupported($"{name} with a non-string argument");
        }

        Expect(TokenKind.Close);
        return new AffixFilter(path, affix.Value, prefix);
    }

    private Token Peek() => _tokens[_position];

    private Token Next()
    {
        var token = _tokens[_position];
        if (token.Kind != TokenKind.End)
        {
            _position++;
        }

        return token;
    }

    private void Expect(TokenKind kind)
    {
        var token = Next();
        if (token.Kind != kind)
        {
            throw Invalid($"expected '{kind}', found '{token.Value}'");
        }
    }

    private ODataQueryException Invalid(string detail) =>
        new(GraphErrorCodes.BadRequest, $"Invalid filter clause: {detail} in '{_text}'.");

    private readonly record struct Token(TokenKind Kind, string Value);
}

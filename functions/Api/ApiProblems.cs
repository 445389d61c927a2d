using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace IdentityOps.Functions.Api;

/// <summary>RFC 9457 problem details: a title and a plain explanation, never an exception's text, a stack trace or a token.</summary>
public static class ApiProblems
{
    public const string ContentType = "application/problem+json";

    public static ObjectResult Problem(int status, string title, string? detail = null)
        => Result(status, new ProblemDetails { Status = status, Title = title, Detail = detail, Type = TypeFor(status) });

    public static ObjectResult Validation(IReadOnlyDictionary<string, string[]> errors)
        => Result(StatusCodes.Status400BadRequest, new ValidationProblemDetails(errors.ToDictionary())
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request is not valid.",
            Type = TypeFor(StatusCodes.Status400BadRequest),
        });

    public static ObjectResult BadRequest(string field, string message) => Validation(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>The same answer for "never existed" and "another tenant's": nothing tells the two apart.</summary>
    public static ObjectResult NotFound(string what) => Problem(StatusCodes.Status404NotFound, "Not found.", $"No {what} with this id exists in your organisation.");

    private static ObjectResult Result(int status, ProblemDetails problem)
    {
        var result = new ObjectResult(problem) { StatusCode = status };
        result.ContentTypes.Add(ContentType);
        return result;
    }

    private static string TypeFor(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1",
        StatusCodes.Status401Unauthorized => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2",
        StatusCodes.Status403Forbidden => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.4",
        StatusCodes.Status404NotFound => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5",
        StatusCodes.Status409Conflict => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.10",
        StatusCodes.Status429TooManyRequests => "https://www.rfc-editor.org/rfc/rfc6585#section-4",
        StatusCodes.Status503ServiceUnavailable => "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.4",
        _ => "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.1",
    };
}

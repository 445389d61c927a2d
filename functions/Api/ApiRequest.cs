using System.Globalization;
using System.Text.Json;
using IdentityOps.Core.Persistence;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace IdentityOps.Functions.Api;

/// <summary>Reads what an endpoint takes from a request (ids, paging, JSON bodies), answering bad input with a problem.</summary>
public static class ApiRequest
{
    public const int MaxBodyBytes = 64 * 1024;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow };

    public static bool TryReadId(string? value, string name, out Guid id, out IActionResult? problem)
    {
        problem = Guid.TryParseExact(value, "D", out id) ? null : ApiProblems.BadRequest(name, "Must be an id of the form 00000000-0000-0000-0000-000000000000.");
        return problem is null;
    }

    public static bool TryReadPage(HttpRequest request, out PageRequest page, out IActionResult? problem)
    {
        var number = ReadInt(request, "page", 1);
        var size = ReadInt(request, "pageSize", PageRequest.DefaultSize);
        page = new PageRequest(number ?? 0, size ?? 0);
        problem = page.IsValid ? null : ApiProblems.BadRequest("page", $"page must be a whole number from 1, and pageSize from 1 to {PageRequest.MaxSize}.");
        return problem is null;
    }

    /// <summary>A JSON body of type <typeparamref name="T"/>; unknown fields, wrong types and oversized bodies are refused without echoing them.</summary>
    public static async Task<(T? Body, IActionResult? Problem)> ReadJsonAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, ApiProblems.BadRequest("body", $"The body must be at most {MaxBodyBytes / 1024} KB of JSON."));
        }

        try
        {
            // Read at most one byte past the limit, whatever Content-Length said (a chunked body has none): an oversized
            // body is refused without being buffered.
            var buffer = new byte[MaxBodyBytes + 1];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
            {
                length += read;
            }

            if (length is 0 or > MaxBodyBytes)
            {
                return (null, ApiProblems.BadRequest("body", $"A JSON body of at most {MaxBodyBytes / 1024} KB is required."));
            }

            var body = JsonSerializer.Deserialize<T>(buffer.AsSpan(0, length), Json);
            return body is null ? (null, ApiProblems.BadRequest("body", "A JSON object is required.")) : (body, null);
        }
        catch (JsonException)
        {
            return (null, ApiProblems.BadRequest("body", "The body is not JSON of the expected shape."));
        }
    }

    private static int? ReadInt(HttpRequest request, string name, int fallback)
    {
        var values = request.Query[name];
        if (values.Count == 0)
        {
            return fallback;
        }

        return values.Count == 1 && int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
    }
}

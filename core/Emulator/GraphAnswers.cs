using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace IdentityOps.Emulator;

/// <summary>The Graph error codes the emulator answers with, and where each comes from.</summary>
internal static class GraphErrorCodes
{
    public const string BadRequest = "BadRequest";

    /// <summary>Directory answers for an unsupported filter, and for <c>$top</c> outside 1…max ("Invalid page size specified").</summary>
    public const string UnsupportedQuery = "Request_UnsupportedQuery";

    public const string ResourceNotFound = "Request_ResourceNotFound";

    /// <summary>The directory's 405 "Specified HTTP method is not allowed for the request target."</summary>
    public const string RequestBadRequest = "Request_BadRequest";

    /// <summary>What the directory answers (400) when a <c>$skiptoken</c> is used after it expired.</summary>
    public const string ExpiredPageToken = "Directory_ExpiredPageToken";

    /// <summary>What Graph answers for a delta token it no longer has; directory delta tokens last 7 days.</summary>
    public const string SyncStateNotFound = "syncStateNotFound";

    public const string TooManyRequests = "TooManyRequests";

    public const string ServiceNotAvailable = "serviceNotAvailable";

    public const string GatewayTimeout = "gatewayTimeout";
}

/// <summary>An answer before it becomes an <see cref="HttpResponseMessage"/> or an inner $batch response.</summary>
internal sealed class EmulatorAnswer(int status, byte[] body, bool bodyIsJson = true, string contentType = "application/json")
{
    public int Status { get; } = status;

    public byte[] Body { get; } = body;

    /// <summary>False for a malformed snapshot file served raw, a truncated body, or a plain-text count.</summary>
    public bool BodyIsJson { get; } = bodyIsJson;

    public string ContentType { get; } = contentType;

    public List<KeyValuePair<string, string>> Headers { get; } = [];

    public EmulatorAnswer WithHeader(string name, string value)
    {
        Headers.Add(new(name, value));
        return this;
    }
}

internal static class GraphAnswers
{
    // Graph returns UTF-8 text unescaped; the emulator serves JSON to code, never to a browser.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] WriteJson(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static EmulatorAnswer Json(int status, Action<Utf8JsonWriter> write) => new(status, WriteJson(write));

    public static EmulatorAnswer Raw(string text) => new(200, Encoding.UTF8.GetBytes(text), bodyIsJson: false);

    public static EmulatorAnswer Text(string text) => new(200, Encoding.UTF8.GetBytes(text), bodyIsJson: false, contentType: "text/plain");

    /// <summary>The Graph error body: <c>{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}</c>.</summary>
    public static EmulatorAnswer Error(int status, string code, string message, DateTimeOffset now) =>
        Json(status, writer =>
        {
            var requestId = Guid.NewGuid().ToString();
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteString("code", code);
            writer.WriteString("message", message);
            writer.WriteStartObject("innerError");
            writer.WriteString("date", now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
            writer.WriteString("request-id", requestId);
            writer.WriteString("client-request-id", requestId);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        });

    public static EmulatorAnswer NotFound(string path, DateTimeOffset now)
    {
        var last = path.Split('/')[^1];
        return Error(404, GraphErrorCodes.ResourceNotFound, $"Resource '{last}' does not exist or one of its queried reference-property objects are not present.", now);
    }

    public static EmulatorAnswer MethodNotAllowed(DateTimeOffset now) =>
        Error(405, GraphErrorCodes.RequestBadRequest, "Specified HTTP method is not allowed for the request target.", now);

    public static EmulatorAnswer ExpiredPageToken(DateTimeOffset now) =>
        Error(400, GraphErrorCodes.ExpiredPageToken, "The specified page token value has expired and can no longer be included in your request.", now);

    public static EmulatorAnswer SyncStateNotFound(DateTimeOffset now) =>
        Error(410, GraphErrorCodes.SyncStateNotFound, "The sync state generation is not found. The delta token is expired and data must be synchronized again.", now);

    public static EmulatorAnswer TooManyRequests(DateTimeOffset now) =>
        Error(429, GraphErrorCodes.TooManyRequests, "Too many requests. Please retry later.", now);

    /// <summary>Seconds, fractional with up to 3 decimals, rounded up so a retry after it is never early (e.g. <c>2.128</c>).</summary>
    public static string RetryAfterSeconds(TimeSpan wait)
    {
        var seconds = Math.Max(0.001, Math.Ceiling(wait.TotalMilliseconds) / 1000.0);
        return seconds.ToString("0.###", CultureInfo.InvariantCulture);
    }
}

using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IdentityOps.Emulator.Schema;

namespace IdentityOps.Emulator;

/// <summary>
/// Microsoft Graph v1.0 served offline from an <see cref="EmulatedTenant"/>, behaving as Graph documents: opaque paging,
/// delta, JSON batching, the identity-and-access throttling limits and their headers, and injected faults.
/// Read-only: every method but GET (and POST /$batch) answers 405.
/// </summary>
public sealed class GraphEmulator : HttpMessageHandler
{
    public const string BaseUrl = "https://graph.microsoft.com/v1.0";

    /// <summary>The base URL of a Graph version (<c>v1.0</c> or <c>beta</c>).</summary>
    internal static string BaseUrlOf(string version) => $"https://graph.microsoft.com/{version}";

    /// <summary>"JSON batching allows you to combine multiple requests (up to 20)."</summary>
    private const int MaxBatchRequests = 20;

    private static readonly TimeSpan MaxSlowResponse = TimeSpan.FromSeconds(2);

    private readonly EmulatedTenant _tenant;
    private readonly GraphEmulatorOptions _options;
    private readonly TimeProvider _time;
    private readonly GraphRouter _router;
    private readonly ThrottleGovernor _governor;
    private readonly FaultInjector _faults;

    public GraphEmulator(EmulatedTenant tenant, GraphEmulatorOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.ThrottleSpeedFactor);
        ArgumentNullException.ThrowIfNull(options.Faults);
        ArgumentNullException.ThrowIfNull(options.DeletedAfterListing);
        ArgumentNullException.ThrowIfNull(options.Access);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.ExpandLimit);
        _tenant = tenant;
        _options = options;
        _time = time;
        _router = new GraphRouter(tenant, new TokenStore(options.PageTokenLifetime, options.DeltaTokenLifetime), options);
        _governor = new ThrottleGovernor(options.ThrottleSpeedFactor);
        _faults = new FaultInjector(options.Faults);
    }

    public GraphEmulatorLog Log { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = request.RequestUri ?? throw new InvalidOperationException("The Graph emulator needs a request URI.");
        var pathAndQuery = uri.IsAbsoluteUri ? uri.PathAndQuery : uri.OriginalString;
        var target = GraphTarget.Parse(pathAndQuery);
        var method = request.Method.Method;
        var fault = _faults.Draw();

        EmulatorAnswer answer;
        if (target.IsBatch && request.Method == HttpMethod.Post)
        {
            // The outer batch takes only the faults of a transport: a slow, dropped or truncated response.
            if (fault?.Kind == FaultKind.SlowResponse)
            {
                await DelayAsync(fault.Value, cancellationToken);
            }

            ThrowIfDropped(fault, method, target, pathAndQuery);
            var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
            answer = await HandleBatchAsync(body, target.Version, cancellationToken);
            Log.Record(new EmulatedRequest(method, pathAndQuery, answer.Status, 0, false, _time.GetUtcNow(), RequestSchemaCheck.Check(method, target)));
        }
        else
        {
            ThrowIfDropped(fault, method, target, pathAndQuery);
            answer = await HandleAsync(method, target, pathAndQuery, fault, insideBatch: false, cancellationToken);
        }

        if (fault?.Kind == FaultKind.TruncatedBody && answer.Status == 200)
        {
            answer = Truncated(answer);
        }

        return ToResponse(answer, request);
    }

    private static EmulatorAnswer Truncated(EmulatorAnswer answer)
    {
        var truncated = new EmulatorAnswer(answer.Status, answer.Body[..(answer.Body.Length / 2)], bodyIsJson: false, answer.ContentType);
        truncated.Headers.AddRange(answer.Headers);
        return truncated;
    }

    private static HttpResponseMessage ToResponse(EmulatorAnswer answer, HttpRequestMessage request)
    {
        var response = new HttpResponseMessage((HttpStatusCode)answer.Status)
        {
            RequestMessage = request,
            Content = new ByteArrayContent(answer.Body),
        };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue(answer.ContentType) { CharSet = "utf-8" };
        var requestId = Guid.NewGuid().ToString();
        response.Headers.TryAddWithoutValidation("request-id", requestId);
        response.Headers.TryAddWithoutValidation(
            "client-request-id",
            request.Headers.TryGetValues("client-request-id", out var sent) ? sent.First() : requestId);
        foreach (var (name, value) in answer.Headers)
        {
            // Without validation: a fractional Retry-After ("2.128") is not a valid typed RetryConditionHeaderValue.
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }

    private void ThrowIfDropped(Fault? fault, string method, GraphTarget target, string pathAndQuery)
    {
        if (fault?.Kind != FaultKind.DroppedConnection)
        {
            return;
        }

        Log.Record(new EmulatedRequest(method, pathAndQuery, 0, 0, false, _time.GetUtcNow(), RequestSchemaCheck.Check(method, target)));
        throw new HttpRequestException(
            HttpRequestError.ResponseEnded,
            "The Graph emulator dropped the connection (fault plan).",
            new IOException("The response ended prematurely (fault plan)."));
    }

    private Task DelayAsync(Fault fault, CancellationToken cancellationToken) =>
        Task.Delay(GraphEmulatorBudgets.Scaled(MaxSlowResponse * Math.Max(fault.Magnitude, 0.001), _options.ThrottleSpeedFactor), _time, cancellationToken);

    private async Task<EmulatorAnswer> HandleAsync(string method, GraphTarget target, string pathAndQuery, Fault? fault, bool insideBatch, CancellationToken cancellationToken)
    {
        if (fault?.Kind == FaultKind.SlowResponse)
        {
            await DelayAsync(fault.Value, cancellationToken);
        }

        var now = _time.GetUtcNow();
        if (_options.RefuseBetaRoleDefinitions && target.Version == GraphTarget.Beta && IsRoleDefinitions(target.Path))
        {
            var refused = GraphAnswers.Error(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.", now);
            Log.Record(new EmulatedRequest(method, pathAndQuery, refused.Status, 0, insideBatch, now));
            return refused;
        }

        var plan = _router.Plan(method, target, now);
        var charged = 0;
        EmulatorAnswer answer;
        if (FaultAnswer(fault, plan, now) is { } faulted)
        {
            // Decided before anything is served or spent: a faulted request leaves no trace in the tenant's state.
            answer = faulted;
        }
        else if (!_options.ThrottlingEnabled)
        {
            answer = plan.Execute(now);
            charged = plan.Cost;
        }
        else
        {
            var decision = _governor.Admit(plan.Class, plan.SignInActivity, plan.Cost, _tenant.UserCount, now);
            if (decision.Admitted)
            {
                answer = plan.Execute(now);
                charged = plan.Cost;

                // "Returned only when the application consumed more than 0.8 of its limit."
                if (decision.Usage > 0.8)
                {
                    answer.WithHeader("x-ms-throttle-limit-percentage", Math.Round(decision.Usage, 3).ToString("0.###", CultureInfo.InvariantCulture));
                }
            }
            else
            {
                answer = Throttled(decision.Scope, decision.Information, decision.RetryAfter, now);
            }
        }

        if (_options.RoleDefinitionsWithoutIsPrivileged && answer.Status == 200 && answer.BodyIsJson && IsRoleDefinitions(target.Path))
        {
            answer = WithoutIsPrivileged(answer);
        }

        answer.WithHeader("x-ms-resource-unit", plan.Cost.ToString(CultureInfo.InvariantCulture));
        Log.Record(new EmulatedRequest(method, pathAndQuery, answer.Status, charged, insideBatch, now, plan.Schema));
        return answer;
    }

    private static bool IsRoleDefinitions(string path)
        => path.StartsWith("roleManagement/directory/roleDefinitions", StringComparison.OrdinalIgnoreCase);

    /// <summary>The answer with <c>isPrivileged</c> removed from every role definition in it (a page or one item).</summary>
    private static EmulatorAnswer WithoutIsPrivileged(EmulatorAnswer answer)
    {
        var body = JsonNode.Parse(answer.Body)!.AsObject();
        var items = body["value"] is JsonArray page ? page.OfType<JsonObject>() : [body];
        foreach (var item in items)
        {
            item.Remove("isPrivileged");
        }

        var stripped = new EmulatorAnswer(answer.Status, JsonSerializer.SerializeToUtf8Bytes(body), answer.BodyIsJson, answer.ContentType);
        stripped.Headers.AddRange(answer.Headers);
        return stripped;
    }

    private EmulatorAnswer Throttled(string scope, string information, TimeSpan? retryAfter, DateTimeOffset now)
    {
        // <Scope>/<Limit>/<ApplicationId>/<TenantId>; the emulator only reads, so the limit is always Read.
        var answer = GraphAnswers.TooManyRequests(now)
            .WithHeader("x-ms-throttle-scope", $"{scope}/Read/{_options.ApplicationId}/{_tenant.TenantId}")
            .WithHeader("x-ms-throttle-information", information);
        if (retryAfter is { } wait)
        {
            answer.WithHeader("Retry-After", GraphAnswers.RetryAfterSeconds(wait));
        }

        return answer;
    }

    private EmulatorAnswer? FaultAnswer(Fault? fault, RequestPlan plan, DateTimeOffset now)
    {
        if (fault is not { } drawn)
        {
            return null;
        }

        var speed = _options.ThrottleSpeedFactor;
        switch (drawn.Kind)
        {
            case FaultKind.TooManyRequestsWithRetryAfter:
                var whole = Math.Max(1, (int)Math.Ceiling((1 + (drawn.Magnitude * 4)) / speed));
                return Throttled("Tenant_Application", "ResourceUnitLimitExceeded", null, now)
                    .WithHeader("Retry-After", whole.ToString(CultureInfo.InvariantCulture));
            case FaultKind.TooManyRequestsFractionalRetryAfter:
                return Throttled("Tenant_Application", "ResourceUnitLimitExceeded", TimeSpan.FromSeconds((0.5 + (drawn.Magnitude * 2.5)) / speed), now);
            case FaultKind.TooManyRequestsWithoutRetryAfter:
                return Throttled("Tenant_Application", "ResourceUnitLimitExceeded", null, now);
            case FaultKind.ServiceUnavailable:
                return GraphAnswers.Error(503, GraphErrorCodes.ServiceNotAvailable, "The service is temporarily unavailable. Please retry later.", now);
            case FaultKind.GatewayTimeout:
                return GraphAnswers.Error(504, GraphErrorCodes.GatewayTimeout, "The gateway did not receive a timely response from the service.", now);
            case FaultKind.ExpiredPageToken when plan.CarriesSkipToken:
                return GraphAnswers.ExpiredPageToken(now);
            case FaultKind.ExpiredPageToken:
            case FaultKind.SlowResponse:
            case FaultKind.DroppedConnection:
            case FaultKind.TruncatedBody:
                return null;
            default:
                throw new ArgumentOutOfRangeException(nameof(fault));
        }
    }

    private async Task<EmulatorAnswer> HandleBatchAsync(string body, string version, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (ParseBatch(body, now, out var requests) is { } invalid)
        {
            return invalid;
        }

        var responses = new List<(string Id, EmulatorAnswer Answer)>(requests.Count);
        foreach (var inner in requests)
        {
            // Each inner request is routed, throttled and faulted on its own; transport faults belong to the outer response.
            var fault = _faults.Draw();
            if (fault?.Kind is FaultKind.DroppedConnection or FaultKind.TruncatedBody)
            {
                fault = null;
            }

            // Inner URLs are relative to the $batch URL's version (an inner URL naming a version keeps its own).
            var target = GraphTarget.Parse(inner.Url, version);
            var pathAndQuery = $"/{target.Version}/" + StripVersion(inner.Url.TrimStart('/'));

            responses.Add((inner.Id, await HandleAsync(inner.Method, target, pathAndQuery, fault, insideBatch: true, cancellationToken)));
        }

        return GraphAnswers.Json(200, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("responses");
            foreach (var (id, answer) in responses)
            {
                writer.WriteStartObject();
                writer.WriteString("id", id);
                writer.WriteNumber("status", answer.Status);
                writer.WriteStartObject("headers");
                writer.WriteString("Content-Type", answer.ContentType);
                foreach (var (name, value) in answer.Headers)
                {
                    writer.WriteString(name, value);
                }

                writer.WriteEndObject();
                writer.WritePropertyName("body");
                if (answer.BodyIsJson)
                {
                    writer.WriteRawValue(answer.Body, skipInputValidation: true);
                }
                else
                {
                    // A raw (malformed) snapshot file cannot sit inside the batch JSON; it travels as a string.
                    writer.WriteStringValue(Encoding.UTF8.GetString(answer.Body));
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    private static string StripVersion(string url)
    {
        foreach (var version in (string[])[GraphTarget.V1, GraphTarget.Beta])
        {
            if (url.StartsWith(version + "/", StringComparison.OrdinalIgnoreCase))
            {
                return url[(version.Length + 1)..];
            }
        }

        return url;
    }

    private static EmulatorAnswer? ParseBatch(string body, DateTimeOffset now, out List<BatchItem> requests)
    {
        requests = [];
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return GraphAnswers.Error(400, GraphErrorCodes.BadRequest, "Invalid batch payload format.", now);
        }

        if (root is not JsonObject batch || batch["requests"] is not JsonArray items)
        {
            return GraphAnswers.Error(400, GraphErrorCodes.BadRequest, "Invalid batch payload format: a 'requests' array is required.", now);
        }

        if (items.Count > MaxBatchRequests)
        {
            return GraphAnswers.Error(400, GraphErrorCodes.BadRequest, string.Create(CultureInfo.InvariantCulture, $"The batch contains {items.Count} requests; the limit is {MaxBatchRequests}."), now);
        }

        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in items)
        {
            var id = Text(item, "id");
            var method = Text(item, "method");
            var url = Text(item, "url");
            if (id is null || method is null || url is null)
            {
                return GraphAnswers.Error(400, GraphErrorCodes.BadRequest, "Invalid batch payload format: each request needs 'id', 'method' and 'url'.", now);
            }

            // "id … must be unique within the batch, or the batch request fails with a 400 error."
            if (!ids.Add(id))
            {
                return GraphAnswers.Error(400, GraphErrorCodes.BadRequest, $"The batch request id '{id}' is not unique.", now);
            }

            requests.Add(new BatchItem(id, method, url));
        }

        return null;
    }

    private static string? Text(JsonNode? item, string property) =>
        item is JsonObject obj && obj[property] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private sealed record BatchItem(string Id, string Method, string Url);
}

using System.Text.Json;

namespace IdentityOps.Core.Graph;

/// <summary>
/// The innermost handler of the Graph pipeline: refuses, before it leaves the process, every
/// request that is not a GET. The one exception is a <c>$batch</c> POST whose inner requests are all
/// GETs. This is what makes "cannot modify any object in a customer tenant, even with a bug" true
/// independently of the consented scopes.
/// </summary>
public sealed class ReadOnlyGraphGuard : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Get)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        if (request.Method == HttpMethod.Post && IsBatch(request.RequestUri) && request.Content is not null)
        {
            await request.Content.LoadIntoBufferAsync(cancellationToken);
            var body = await request.Content.ReadAsByteArrayAsync(cancellationToken);
            if (AllInnerRequestsAreGets(body))
            {
                return await base.SendAsync(request, cancellationToken);
            }
        }

        throw new ReadOnlyViolationException($"IdentityOps only reads from Microsoft Graph: a {request.Method} to {request.RequestUri?.AbsolutePath} was refused before it was sent.");
    }

    private static bool IsBatch(Uri? uri)
        => uri is not null && uri.AbsolutePath.EndsWith("/$batch", StringComparison.OrdinalIgnoreCase);

    internal static bool AllInnerRequestsAreGets(ReadOnlySpan<byte> body)
    {
        try
        {
            var document = JsonDocument.Parse(body.ToArray());
            if (!document.RootElement.TryGetProperty("requests", out var requests) || requests.ValueKind != JsonValueKind.Array || requests.GetArrayLength() == 0)
            {
                return false;
            }

            foreach (var inner in requests.EnumerateArray())
            {
                if (!inner.TryGetProperty("method", out var method) || !string.Equals(method.GetString(), "GET", StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}

/// <summary>A request that would have written to a customer's tenant; it was never sent.</summary>
public sealed class ReadOnlyViolationException(string message) : InvalidOperationException(message);

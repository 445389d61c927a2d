using System.Net;
using System.Text.Json;
using IdentityOps.Core.Inventory;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;

namespace IdentityOps.Core.Graph.Collection;

/// <summary>Sorts Graph failures into what the collector does about them.</summary>
internal static class GraphErrors
{
    /// <summary>The page token expired or is unknown: restart the collection, not the scan.</summary>
    public static bool IsExpiredPageToken(Exception error)
        => error is ODataError { Error.Code: { } code }
           && (code.Contains("PageToken", StringComparison.OrdinalIgnoreCase) || code.Contains("SkipToken", StringComparison.OrdinalIgnoreCase));

    /// <summary>A delta link expired (7 days) or its state is gone: resync fully.</summary>
    public static bool IsDeltaExpired(Exception error)
        => error is ApiException { ResponseStatusCode: (int)HttpStatusCode.Gone }
           || (error is ODataError { Error.Code: { } code } && (code.Equals("syncStateNotFound", StringComparison.OrdinalIgnoreCase) || code.Equals("resyncRequired", StringComparison.OrdinalIgnoreCase)));

    /// <summary>A response body that is not the JSON Graph promised (cut off, garbled).</summary>
    public static bool IsMalformedBody(Exception error)
        => error is JsonException || error.InnerException is JsonException || error is FormatException;

    /// <summary>
    /// Graph refuses a field or endpoint to this tenant or admin for good (403, or a licence error),
    /// as opposed to a failure worth retrying or a page token that expired.
    /// </summary>
    public static bool IsRefused(Exception error)
        => error is ApiException { ResponseStatusCode: (int)HttpStatusCode.Forbidden }
           || (error is ODataError { Error.Code: { } code } && (code.Contains("NonPremium", StringComparison.OrdinalIgnoreCase) || code.Contains("License", StringComparison.OrdinalIgnoreCase)));

    /// <summary>
    /// Graph will not give this data to this admin: a missing licence (Entra ID P1 for sign-in data),
    /// a scope not consented, or 403/404 on the endpoint. Returns the reason, or null for other errors.
    /// </summary>
    public static string? UnavailableReason(Exception error)
    {
        if (error is not ApiException api)
        {
            return null;
        }

        var code = (error as ODataError)?.Error?.Code ?? string.Empty;
        if (code.Equals("AadPremiumLicenseRequired", StringComparison.OrdinalIgnoreCase))
        {
            // Privileged Identity Management: Graph answers this without P2 even when the tenant holds P1.
            return $"{UnavailableReasons.NoEntraIdP2}, which Graph requires for this data ({code})";
        }

        if (code.Contains("NonPremium", StringComparison.OrdinalIgnoreCase) || code.Contains("License", StringComparison.OrdinalIgnoreCase))
        {
            return $"the tenant has no Microsoft Entra ID P1 or P2 licence, which Graph requires for this data ({code})";
        }

        return api.ResponseStatusCode switch
        {
            (int)HttpStatusCode.Forbidden => $"Graph refused access (403 {code}): the signed-in admin holds no directory role that may read it (Global Reader reads everything a scan needs), or a read permission was not consented",
            (int)HttpStatusCode.Unauthorized => $"Graph rejected the admin's token (401 {code}): consent may have been revoked",
            (int)HttpStatusCode.NotFound => $"the endpoint is not available in this tenant (404 {code})",
            (int)HttpStatusCode.BadRequest => $"Graph rejected the request (400 {code})",
            _ => null,
        };
    }
}

using System.Net;
using System.Text.RegularExpressions;
using IdentityOps.Core.Identity.TokenCache;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Identity.Client;
using Microsoft.Kiota.Abstractions;

namespace IdentityOps.Core.Identity.DelegatedSessions;

/// <summary>Why IdentityOps can no longer act as the admin who started a scan.</summary>
public enum DelegatedAccessProblem
{
    /// <summary>Consent was revoked, or the admin's sign-in is no longer valid (invalid_grant, AADSTS65001, Graph 401/403 Authorization_RequestDenied).</summary>
    ConsentRevoked,

    /// <summary>
    /// Entra says the enterprise application is not in the tenant (AADSTS700016): removed by the tenant, or our own client
    /// id is wrong. Offboarding day 0 only once repeated over time (<c>ConfirmApplicationRemovedCommand</c>).
    /// </summary>
    ApplicationRemoved,

    /// <summary>The session's tokens are gone or could not be trusted (expired, purged, plaintext or undecryptable).</summary>
    SessionUnavailable,
}

/// <summary>
/// A failure to act as the admin, in words an admin understands. Built from MSAL, Microsoft.Identity.Web,
/// Graph and token cache errors; their messages are never copied (they may carry correlation ids and
/// URLs an admin cannot use), only the error codes.
/// </summary>
public sealed partial record DelegatedAccessFailure(DelegatedAccessProblem Problem, string Explanation)
{
    /// <summary>How every consent-revoked explanation ends; alerts read it back from a failed scan's stored reason.</summary>
    public const string ConsentAgainAdvice = ". An admin must sign in to IdentityOps and consent again, then start a new scan.";

    /// <summary>True when a failed scan's stored reason is a revoked consent (alerts decide from stored metadata, never from Graph).</summary>
    public static bool IsConsentRevoked(string? scanError) => scanError?.EndsWith(ConsentAgainAdvice, StringComparison.Ordinal) == true;

    /// <summary>The failure behind <paramref name="error"/> (or one of its inner exceptions), or null when it is not about delegated access.</summary>
    public static DelegatedAccessFailure? From(Exception error)
    {
        foreach (var cause in Causes(error))
        {
            var failure = cause switch
            {
                TokenCacheUnreadableException => SessionUnavailable(
                    "The stored sign-in for this scan could not be read safely (it was not encrypted, was altered, or its key is gone), so it was discarded"),
                MsalServiceException msal => FromEntra(msal),
                MsalClientException { ErrorCode: MsalError.OboCacheKeyNotInCacheError } => SessionUnavailable(
                    "The sign-in session for this scan no longer exists (it expired, finished, or the tenant's data was removed)"),
                ODataError { ResponseStatusCode: (int)HttpStatusCode.Unauthorized } => ConsentRevoked(
                    "Microsoft Graph rejected the admin's token (401): consent to IdentityOps may have been revoked"),
                ODataError { ResponseStatusCode: (int)HttpStatusCode.Forbidden, Error.Code: "Authorization_RequestDenied" } => ConsentRevoked(
                    "Microsoft Graph denied the admin's read access (403 Authorization_RequestDenied): consent to IdentityOps was revoked or the admin lost the directory role"),
                ApiException { ResponseStatusCode: (int)HttpStatusCode.Unauthorized } => ConsentRevoked(
                    "Microsoft Graph rejected the admin's token (401): consent to IdentityOps may have been revoked"),
                _ => null,
            };
            if (failure is not null)
            {
                return failure;
            }
        }

        return null;
    }

    private static DelegatedAccessFailure? FromEntra(MsalServiceException error)
    {
        var codes = AadstsCode().Matches(error.Message + " " + error.ResponseBody).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        if (codes.Contains("700016"))
        {
            return new DelegatedAccessFailure(
                DelegatedAccessProblem.ApplicationRemoved,
                "The IdentityOps enterprise application is no longer in your tenant (Microsoft Entra ID error AADSTS700016). IdentityOps treats this as cancelling: access has stopped and your data will be deleted after 30 days unless you add the application again");
        }

        if (codes.Contains("65001") || codes.Contains("65004"))
        {
            return ConsentRevoked(
                "Consent to IdentityOps' read-only permissions has been revoked or was never granted in your tenant (Microsoft Entra ID error AADSTS" + (codes.Contains("65004") ? "65004" : "65001") + ")");
        }

        if (error is MsalUiRequiredException || string.Equals(error.ErrorCode, "invalid_grant", StringComparison.Ordinal))
        {
            return ConsentRevoked(
                "Microsoft Entra ID no longer accepts the admin's sign-in for this scan (invalid_grant: consent revoked, password reset, or sessions revoked)");
        }

        return null;
    }

    private static DelegatedAccessFailure ConsentRevoked(string reason)
        => new(DelegatedAccessProblem.ConsentRevoked, reason + ConsentAgainAdvice);

    private static DelegatedAccessFailure SessionUnavailable(string reason)
        => new(DelegatedAccessProblem.SessionUnavailable, reason + ". An admin must start the scan again, which signs in afresh.");

    private static IEnumerable<Exception> Causes(Exception error)
    {
        var pending = new Stack<Exception>([error]);
        var depth = 0;
        while (pending.Count > 0 && depth++ < 32)
        {
            var current = pending.Pop();
            yield return current;
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    pending.Push(inner);
                }
            }
            else if (current.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }
    }

    [GeneratedRegex(@"AADSTS(\d{4,7})", RegexOptions.CultureInvariant)]
    private static partial Regex AadstsCode();
}

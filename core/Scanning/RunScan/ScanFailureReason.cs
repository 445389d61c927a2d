using IdentityOps.Core.Graph;
using IdentityOps.Core.Graph.Collection;
using IdentityOps.Core.Identity.DelegatedSessions;
using Microsoft.Kiota.Abstractions;

namespace IdentityOps.Core.Scanning.RunScan;

/// <summary>Words a failed scan's cause for an admin, without stack traces, tokens or response bodies.</summary>
internal static class ScanFailureReason
{
    public static string From(Exception error) => error switch
    {
        _ when DelegatedAccessFailure.From(error) is { } access => access.Explanation,
        ReadOnlyViolationException violation => $"IdentityOps refused to send a request that could change your tenant: {violation.Message}",
        GraphCollectionException collection => collection.Message,
        ApiException api when GraphErrors.UnavailableReason(api) is { } reason => $"Microsoft Graph refused the scan: {reason}.",
        ApiException api => $"Microsoft Graph answered {api.ResponseStatusCode}; the scan was stopped and nothing of it was stored.",
        OperationCanceledException => "The scan was cancelled before it finished; nothing of it was stored.",
        HttpRequestException => "Microsoft Graph could not be reached after several retries; nothing of the scan was stored.",
        _ => $"The scan failed ({error.GetType().Name}); nothing of it was stored.",
    };
}

namespace IdentityOps.Core.Scanning.ProcessScanJob;

/// <summary>
/// A delivery of a scan job failed in a way another delivery may not (Graph unavailable, throttled
/// past the retries): the queue delivers the message again. It carries the reason as an admin reads it
/// (<see cref="RunScan.ScanFailureReason"/>) and the type of the cause, never the cause itself: the
/// Functions host logs a thrown exception with its inner ones, and a Graph error's message and response
/// may echo what the request carried.
/// </summary>
public sealed class ScanJobDeliveryException(string reason, Exception cause)
    : Exception($"{reason} ({cause.GetType().Name})");

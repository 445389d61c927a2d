using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace IdentityOps.Core.Scanning.ProcessScanJob;

/// <summary>
/// Seals a scan job's session key to the scan row the API created, so the queue carries no key in clear and a job
/// runs only the scan it was made for. The key is encrypted with the host's Data Protection (AES-256-GCM, keys
/// apart and encrypted at rest: <c>AddTokenProtection</c>) under a purpose made of the tenant, the scan and the
/// admin who asked for it (<c>scans.requested_by</c>). Data Protection's purposes are its isolation boundary:
/// ciphertext made under one purpose chain does not open under another
/// (https://learn.microsoft.com/aspnet/core/security/data-protection/consumer-apis/purpose-strings). So a message
/// that names another scan, another tenant, or a scan whose row names another admin does not open; nor does one
/// written by anybody without the key ring (a reader of the storage account, a forger of queue messages).
/// Chosen over a reference stored in the row because it needs no schema change, and the worker still reads the row
/// (its <c>requested_by</c> is part of the purpose) before it can use the key.
/// </summary>
public sealed class ScanJobSessionSeal(IDataProtectionProvider protection)
{
    public const string Purpose = "IdentityOps.ScanJob.Session.v1";

    public string Seal(Guid tenantId, Guid scanId, Guid requestedBy, string sessionKey)
        => Protector(tenantId, scanId, requestedBy).Protect(sessionKey);

    /// <summary>The session key of a job made by the API for this scan row, or null for any other message.</summary>
    public string? Open(ScanJob job, Guid requestedBy)
    {
        try
        {
            return Protector(job.TenantId, job.ScanId, requestedBy).Unprotect(job.SealedSession);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private IDataProtector Protector(Guid tenantId, Guid scanId, Guid requestedBy)
        => protection.CreateProtector(Purpose, $"tenant:{tenantId:D}", $"scan:{scanId:D}", $"requested-by:{requestedBy:D}");
}

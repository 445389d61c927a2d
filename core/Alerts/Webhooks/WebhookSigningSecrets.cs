using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace IdentityOps.Core.Alerts.Webhooks;

/// <summary>
/// Makes, protects and unprotects webhook signing secrets with the host's Data Protection (AES-256-GCM,
/// configured in core/Identity) under a purpose of their own, so no other ciphertext of the product can
/// be unprotected as a secret or the other way round.
/// </summary>
public sealed class WebhookSigningSecrets(IDataProtectionProvider protection)
{
    public const string Purpose = "IdentityOps.Alerts.WebhookSigning.v1";
    public const int Length = 32;

    private readonly IDataProtector protector = protection.CreateProtector(Purpose);

    /// <summary>A fresh secret: the bytes to show once (as <c>whsec_…</c>) and their ciphertext to store.</summary>
    public (string Shown, byte[] Protected) Create()
    {
        var secret = RandomNumberGenerator.GetBytes(Length);
        try
        {
            return (StandardWebhookSigner.Format(secret), protector.Protect(secret));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    public byte[] Unprotect(byte[] protectedSecret) => protector.Unprotect(protectedSecret);
}

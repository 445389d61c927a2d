using IdentityOps.Core.Audit.Anchors;
using Microsoft.Extensions.Configuration;

namespace IdentityOps.Testing;

/// <summary>
/// An audit head signing key of the test's own, generated at run time (never in the repository) in
/// a directory apart from the database, as a deployment holds it.
/// </summary>
public static class AnchorKeys
{
    public static string NewKeyFile() => Path.Combine(Path.GetTempPath(), $"identityops-anchor-{Guid.NewGuid():N}", "audit-head-signing.pem");

    public static IConfiguration Configuration(string keyFile)
        => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [$"{AuditAnchorOptions.Section}:{nameof(AuditAnchorOptions.SigningKeyFile)}"] = keyFile }).Build();

    public static AuditHeadKeySource Source(string keyFile) => new(Configuration(keyFile));
}

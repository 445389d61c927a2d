using IdentityOps.Core.Audit.Anchors;
using Microsoft.Extensions.Configuration;

namespace IdentityOps.Testing;

/// <summary>An audit anchor key of the test's own, in a directory apart from the database, as a deployment holds it.</summary>
public static class AnchorKeys
{
    public static string NewKeyFile() => Path.Combine(Path.GetTempPath(), $"identityops-anchor-{Guid.NewGuid():N}", "audit-anchor.key");

    public static IConfiguration Configuration(string keyFile)
        => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [$"{AuditAnchorOptions.Section}:{nameof(AuditAnchorOptions.KeyFile)}"] = keyFile }).Build();

    public static AuditAnchorKeySource Source(string keyFile) => new(Configuration(keyFile));
}

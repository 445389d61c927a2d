using System.Text.Json.Nodes;
using IdentityOps.Emulator.Synthetic;

namespace IdentityOps.Testing.Logging;

/// <summary>
/// The sample tenant (the deterministic synthetic tenant <c>./build.sh demo</c> scans) with this run's
/// canaries in every field Graph may return that the product must neither store nor log: each password
/// credential's <c>secretText</c> and <c>hint</c>, each key credential's <c>key</c> and
/// <c>customKeyIdentifier</c>, a <c>passwordProfile.password</c> on every user (Graph returns it only
/// on creation; planted in case a read ever selects it), and each sign-in's <c>ipAddress</c> and <c>userAgent</c>.
/// </summary>
public static class CanaryTenant
{
    public static CanaryTenantFiles Create(Canaries canaries)
    {
        var sample = SyntheticTenantGenerator.Generate(SyntheticTenantSpec.Small);
        var secret = canaries.Add("secretText", Canaries.Marker("SECRET"));
        var hint = canaries.Add("hint", Canaries.Marker("HINT"));
        var key = Canaries.Base64(canaries.Add("key bytes", Canaries.Marker("KEY")));
        var customKeyIdentifier = Canaries.Base64(canaries.Add("customKeyIdentifier bytes", Canaries.Marker("THUMBPRINT")));
        canaries.Add("key", key);
        canaries.Add("customKeyIdentifier", customKeyIdentifier);
        var password = canaries.Add("user password", Canaries.Marker("PASSWORD"));
#pragma warning disable CA5394 // a random documentation address, not a secret
        var ipv4 = canaries.Add("sign-in IPv4", $"198.51.100.{Random.Shared.Next(1, 255)}");
        var ipv6 = canaries.Add("sign-in IPv6", $"2001:db8:{Random.Shared.Next(0x1000, 0xffff):x4}:{Random.Shared.Next(0x1000, 0xffff):x4}::7");
#pragma warning restore CA5394
        var userAgent = canaries.Add("sign-in userAgent", $"CanaryAgent/{Guid.NewGuid():N}");

        var files = sample.Files.ToDictionary(f => f.Key, f => f.Value.DeepClone(), StringComparer.Ordinal);
        var planted = new CanaryCounts();
        foreach (var file in files.Values)
        {
            Plant(file, planted, secret, hint, key, customKeyIdentifier, password, [ipv4, ipv6], userAgent);
        }

        return new CanaryTenantFiles(sample.TenantId, sample.Spec.AsOf, files, planted, secret);
    }

    private static void Plant(JsonNode? node, CanaryCounts planted, string secret, string hint, string key, string customKeyIdentifier, string password, string[] ips, string userAgent)
    {
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array)
                {
                    Plant(item, planted, secret, hint, key, customKeyIdentifier, password, ips, userAgent);
                }

                break;
            case JsonObject item:
                if (item["passwordCredentials"] is JsonArray passwords)
                {
                    foreach (var credential in passwords.OfType<JsonObject>())
                    {
                        credential["secretText"] = secret;
                        credential["hint"] = hint;
                        planted.PasswordCredentials++;
                    }
                }

                if (item["keyCredentials"] is JsonArray keys)
                {
                    foreach (var credential in keys.OfType<JsonObject>())
                    {
                        credential["key"] = key;
                        credential["customKeyIdentifier"] = customKeyIdentifier;
                        planted.KeyCredentials++;
                    }
                }

                if (item.ContainsKey("userPrincipalName") && item.ContainsKey("userType"))
                {
                    item["passwordProfile"] = new JsonObject { ["password"] = password, ["forceChangePasswordNextSignIn"] = false };
                    planted.Users++;
                }

                if (item.ContainsKey("ipAddress"))
                {
                    item["ipAddress"] = ips[planted.SignIns % ips.Length];
                    item["userAgent"] = userAgent;
                    planted.SignIns++;
                }

                foreach (var (_, child) in item.ToList())
                {
                    Plant(child, planted, secret, hint, key, customKeyIdentifier, password, ips, userAgent);
                }

                break;
        }
    }
}

/// <param name="SecretText">The planted <c>secretText</c>, for a test that needs Graph to echo one.</param>
public sealed record CanaryTenantFiles(Guid TenantId, DateTimeOffset AsOf, IReadOnlyDictionary<string, JsonNode> Files, CanaryCounts Planted, string SecretText);

/// <summary>How many objects carry canaries, so a test can tell the planting worked.</summary>
public sealed class CanaryCounts
{
    public int PasswordCredentials { get; set; }

    public int KeyCredentials { get; set; }

    public int Users { get; set; }

    public int SignIns { get; set; }
}

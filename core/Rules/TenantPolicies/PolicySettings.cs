using System.Text.Json;
using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.TenantPolicies;

/// <summary>
/// Reads the JSON settings the collector keeps on a <see cref="TenantPolicyRecord"/>. Enum values were
/// written by the Graph SDK's enum names (<c>Enabled</c>, <c>ExchangeActiveSync</c>) or as Graph sends
/// them (<c>enabled</c>); every comparison on them is therefore case-insensitive.
/// </summary>
internal static class PolicySettings
{
    public const string SecurityDefaultsKind = "securityDefaults";
    public const string AuthorizationPolicyKind = "authorizationPolicy";

    public static bool? Bool(TenantPolicyRecord policy, string name)
        => Property(policy, name) is { ValueKind: JsonValueKind.True or JsonValueKind.False } value ? value.GetBoolean() : null;

    public static string? String(TenantPolicyRecord policy, string name)
        => Property(policy, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    public static string[] Strings(TenantPolicyRecord policy, string name)
        => Property(policy, name) is { } value ? Strings(value) : [];

    public static string[] Strings(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Array => value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToArray(),

        // A flags enum such as conditionalAccessTransferMethods serialises as "deviceCodeFlow,authenticationTransfer".
        JsonValueKind.String => value.GetString()!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        _ => [],
    };

    public static JsonElement? Property(TenantPolicyRecord policy, string name)
    {
        using var document = JsonDocument.Parse(policy.Settings);
        return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.Clone()
            : null;
    }

    public static bool Has(IEnumerable<string> values, string wanted) => values.Contains(wanted, StringComparer.OrdinalIgnoreCase);

    /// <summary>Security defaults as collected: null when the policy record is missing.</summary>
    public static bool? SecurityDefaultsEnabled(TenantInventory inventory)
        => inventory.Policy(SecurityDefaultsKind) is { } policy ? Bool(policy, "isEnabled") ?? false : null;
}

using System.Text.Json;
using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.TenantPolicies;

/// <summary>
/// The tenant-wide directory settings as <c>DirectorySettingsReader</c> stores them (kind <c>directorySettings</c>: the
/// template id and the values by name, as Graph's strings). A setting the tenant never created, or a value it never set,
/// takes the template's default (https://learn.microsoft.com/entra/identity/users/groups-settings-cmdlets, "Template
/// settings", checked 2026-12-07), which the rules pass in: they judge the value in effect.
/// </summary>
internal static class DirectorySettings
{
    public const string Kind = "directorySettings";
    public const string GroupUnified = "62375ab9-6b52-47ed-826b-58e47e0e304b";
    public const string PasswordRules = "5cf42378-d67d-4f36-ba46-e8b86229381d";

    /// <summary>The tenant's settings object made from a template, or null when it uses the template's defaults.</summary>
    public static TenantPolicyRecord? Of(TenantInventory inventory, string templateId)
        => inventory.PoliciesOf(Kind).FirstOrDefault(p => string.Equals(PolicySettings.String(p, "templateId"), templateId, StringComparison.OrdinalIgnoreCase));

    /// <summary>The value as set, or null when the object or the value is absent (or empty, which Graph sends for "not set").</summary>
    public static string? Value(TenantPolicyRecord? setting, string name)
        => setting is not null && PolicySettings.Property(setting, "values") is { ValueKind: JsonValueKind.Object } values
           && values.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;

    public static bool Flag(string text) => string.Equals(text, "true", StringComparison.OrdinalIgnoreCase);
}

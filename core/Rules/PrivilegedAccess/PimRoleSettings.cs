using System.Text.Json;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules.TenantPolicies;

namespace IdentityOps.Core.Rules.PrivilegedAccess;

/// <summary>
/// PIM's settings per directory role as <c>RoleManagementPoliciesReader</c> stores them (kind <c>roleManagementPolicy</c>, the
/// policy id being the role definition's id), and the roles ScubaGear calls highly privileged by default
/// (cisagov/ScubaGear@4d34e9a PowerShell/ScubaGear/Modules/ScubaConfig/ScubaConfigDefaults.json, privilegedRoles), by template id.
/// </summary>
internal static class PimRoleSettings
{
    public const string Kind = "roleManagementPolicy";
    public const string Collection = "roleManagementPolicies";
    public const string GlobalAdministrator = "62e90394-69f5-4237-9190-012177145e10";

    public static IReadOnlyList<(string RoleId, string Name)> ScubaPrivilegedRoles { get; } =
    [
        (GlobalAdministrator, "Global Administrator"),
        ("e8611ab8-c189-46e8-94e1-60213ab1f814", "Privileged Role Administrator"),
        ("fe930be7-5e62-47db-91af-98c3a49a38b1", "User Administrator"),
        ("f28a1f50-f6e7-4571-818b-6a12f2af6b6c", "SharePoint Administrator"),
        ("29232cdf-9323-42fd-ade2-1d097af3e4de", "Exchange Administrator"),
        ("8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2", "Hybrid Identity Administrator"),
        ("9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", "Application Administrator"),
        ("158c047a-c907-4556-b7ef-446551a6b5f7", "Cloud Application Administrator"),
    ];

    /// <summary>The inputs of a rule over PIM's role settings: the settings, and the organization's plans (PIM needs P2).</summary>
    public static IReadOnlyList<string> Inputs { get; } = [Collection, "organization"];

    /// <summary>
    /// Why PIM's settings say nothing in this tenant: the organization holds no Microsoft Entra ID P2, so no role is
    /// activated through PIM and its settings apply to nothing (Graph may list them all the same). Null when it holds P2.
    /// </summary>
    public static string? WithoutP2(TenantInventory inventory)
        => inventory.Policy("organization") is { } organization && PolicySettings.Bool(organization, "entraIdP2") != true
            ? $"not evaluated: {Collection} apply to nothing ({UnavailableReasons.NoEntraIdP2}, so there is no Privileged Identity Management)"
            : null;

    public static TenantPolicyRecord? Of(TenantInventory inventory, string roleId)
        => inventory.PoliciesOf(Kind).FirstOrDefault(p => string.Equals(p.PolicyId, roleId, StringComparison.OrdinalIgnoreCase));

    /// <summary>How many recipients beyond the default ones an alert e-mails, or null when the role's settings lack the alert rule.</summary>
    public static int? AdditionalRecipients(TenantPolicyRecord policy, string alert)
        => PolicySettings.Property(policy, alert) is { ValueKind: JsonValueKind.Object } rule && rule.TryGetProperty("additionalRecipients", out var count) && count.ValueKind == JsonValueKind.Number && count.TryGetInt32(out var n) ? n : null;

    /// <summary>The notification type of an alert (<c>Email</c>), or null.</summary>
    public static string? AlertType(TenantPolicyRecord policy, string alert)
        => PolicySettings.Property(policy, alert) is { ValueKind: JsonValueKind.Object } rule && rule.TryGetProperty("notificationType", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString() : null;
}

using System.Text.Json;
using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.TenantPolicies;

/// <summary>
/// One Conditional Access policy as the collector stored it (see <c>ConditionalAccessReader</c>), with
/// the questions the rules ask of it.
/// </summary>
internal sealed record ConditionalAccessPolicy(
    string Id,
    string Name,
    string? State,
    string[] IncludeUsers,
    string[] ExcludeUsers,
    string[] ExcludeGroups,
    string[] IncludeRoles,
    string[] ExcludeRoles,
    string[] IncludeApplications,
    string[] ClientAppTypes,
    string[] AuthenticationFlows,
    string? GrantOperator,
    string[] BuiltInControls,
    string? AuthenticationStrength)
{
    public const string Kind = "conditionalAccess";

    /// <summary>On and enforced: <c>enabledForReportingButNotEnforced</c> (report-only) logs and enforces nothing.</summary>
    public bool IsEnabled => string.Equals(State, "enabled", StringComparison.OrdinalIgnoreCase);

    public bool TargetsAllUsers => PolicySettings.Has(IncludeUsers, "All");

    public bool TargetsAllApplications => PolicySettings.Has(IncludeApplications, "All");

    public bool TargetsEveryone => TargetsAllUsers && TargetsAllApplications;

    public bool Blocks => PolicySettings.Has(BuiltInControls, "block");

    /// <summary>
    /// MFA (or an authentication strength) is required, not merely offered: with the OR operator and
    /// another control, a user can satisfy the policy with, say, a compliant device instead.
    /// </summary>
    public bool RequiresMfa
    {
        get
        {
            var mfa = PolicySettings.Has(BuiltInControls, "mfa") || AuthenticationStrength is not null;
            var controls = BuiltInControls.Length + (AuthenticationStrength is null ? 0 : 1);
            return mfa && (controls == 1 || string.Equals(GrantOperator, "AND", StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>"Name (state)", how the explanations list a policy.</summary>
    public string Label => $"{Name} ({State ?? "state unknown"})";

    public static IReadOnlyList<ConditionalAccessPolicy> All(TenantInventory inventory) => inventory.PoliciesOf(Kind).Select(Parse).ToList();

    private static ConditionalAccessPolicy Parse(TenantPolicyRecord record)
    {
        using var document = JsonDocument.Parse(record.Settings);
        var root = document.RootElement;
        string[] Strings(string name) => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) ? PolicySettings.Strings(value) : [];
        string? Text(string name) => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        return new ConditionalAccessPolicy(
            record.PolicyId,
            record.DisplayName ?? record.PolicyId,
            record.State,
            Strings("includeUsers"),
            Strings("excludeUsers"),
            Strings("excludeGroups"),
            Strings("includeRoles"),
            Strings("excludeRoles"),
            Strings("includeApplications"),
            Strings("clientAppTypes"),
            Strings("authenticationFlows"),
            Text("grantOperator"),
            Strings("builtInControls"),
            Text("authenticationStrength"));
    }
}

using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules.TenantPolicies;

namespace IdentityOps.Core.Rules.Authentication;

/// <summary>
/// The tenant's authentication strengths (collected by <c>AuthenticationStrengthPoliciesReader</c>), and what a Conditional
/// Access policy's strength allows: resolved by id against the tenant's list, so a custom strength is judged by the
/// combinations it allows now; the combinations Graph sent inside the policy's <c>grantControls</c> only when the list
/// does not know the id. A strength is phishing-resistant when every combination it allows is Windows Hello for Business,
/// FIDO2 (passkeys) or a multifactor certificate: ScubaGear's IsPhishingResistantMFA (cisagov/ScubaGear@4d34e9a
/// PowerShell/ScubaGear/Rego/Utils/AAD.rego), the built-in "Phishing-resistant MFA" strength
/// (https://learn.microsoft.com/entra/identity/authentication/concept-authentication-strengths, checked 2026-12-07).
/// </summary>
internal sealed class AuthenticationStrengths
{
    public const string Kind = "authenticationStrengthPolicy";

    /// <summary>The collection rules declare as input.</summary>
    public const string Collection = "authenticationStrengthPolicies";

    private static readonly string[] PhishingResistantModes = ["windowsHelloForBusiness", "fido2", "x509CertificateMultiFactor"];

    private readonly Dictionary<string, (string Name, string[] Combinations)> byId;

    public AuthenticationStrengths(TenantInventory inventory)
        => byId = inventory.PoliciesOf(Kind).ToDictionary(
            p => p.PolicyId,
            p => (p.DisplayName ?? p.PolicyId, PolicySettings.Strings(p, "allowedCombinations")),
            StringComparer.OrdinalIgnoreCase);

    /// <summary>The strength's name and the combinations it allows; empty combinations when neither source names any.</summary>
    public (string Name, string[] Combinations) Of(ConditionalAccessPolicy policy)
        => policy.AuthenticationStrengthId is { } id && byId.TryGetValue(id, out var known)
            ? known
            : (policy.AuthenticationStrength ?? policy.AuthenticationStrengthId ?? "none", policy.AuthenticationStrengthCombinations);

    /// <summary>The policy requires a strength whose every allowed combination is phishing-resistant.</summary>
    public bool IsPhishingResistant(ConditionalAccessPolicy policy)
        => (policy.AuthenticationStrengthId is not null || policy.AuthenticationStrength is not null)
           && Of(policy).Combinations is { Length: > 0 } combinations
           && combinations.All(c => PolicySettings.Has(PhishingResistantModes, c));

    /// <summary>
    /// The policy demands a phishing-resistant strength at every sign-in to all resources: enabled, no narrowing condition,
    /// and the strength is not one of several controls joined by OR (then a user can satisfy the policy another way).
    /// </summary>
    public bool RequiresEverywhere(ConditionalAccessPolicy policy)
        => policy.IsEnabled && IsPhishingResistant(policy) && policy.AppliesToEverySignIn
           && (policy.BuiltInControls.Length == 0 || string.Equals(policy.GrantOperator, "AND", StringComparison.OrdinalIgnoreCase));

    /// <summary>"name (combination | combination)", how the explanations list a policy's strength.</summary>
    public string Describe(ConditionalAccessPolicy policy)
    {
        var (name, combinations) = Of(policy);
        return combinations.Length == 0 ? $"{policy.Name}: strength {name}, allowed combinations unknown" : $"{policy.Name}: strength {name} ({string.Join(" | ", combinations)})";
    }
}

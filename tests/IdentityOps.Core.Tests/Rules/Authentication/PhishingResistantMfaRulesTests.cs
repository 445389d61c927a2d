using System.Text.Json.Nodes;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Rules.Authentication;
using Xunit;
using static IdentityOps.Core.Tests.Rules.Records;

namespace IdentityOps.Core.Tests.Rules.Authentication;

/// <summary>
/// Issue 19 A3: phishing-resistant MFA for all users (MS.AAD.3.1v1) and for the highly privileged roles (MS.AAD.3.6v1),
/// with the policy's strength resolved by id against the tenant's authentication strengths.
/// </summary>
public sealed class PhishingResistantMfaRulesTests
{
    internal const string MultifactorId = "00000000-0000-0000-0000-000000000002";
    internal const string PhishingResistantId = "00000000-0000-0000-0000-000000000004";
    private const string CustomId = "5f0c8e2a-3d41-4b7e-9a16-c2b8d4e7f903";

    private static readonly string[] CisaRoles =
    [
        GlobalAdministrator, "e8611ab8-c189-46e8-94e1-60213ab1f814", UserAdministrator, "f28a1f50-f6e7-4571-818b-6a12f2af6b6c",
        "29232cdf-9323-42fd-ade2-1d097af3e4de", "8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2", "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", "158c047a-c907-4556-b7ef-446551a6b5f7",
    ];

    private static readonly TenantPolicyRecord[] BuiltInStrengths =
    [
        Strength(MultifactorId, "Multifactor authentication", "windowsHelloForBusiness", "fido2", "password,microsoftAuthenticatorPush", "password,sms"),
        Strength(PhishingResistantId, "Phishing-resistant MFA", "windowsHelloForBusiness", "fido2", "x509CertificateMultiFactor"),
    ];

    internal static TenantPolicyRecord Strength(string id, string name, params string[] combinations)
        => Policy("authenticationStrengthPolicy", id, new JsonObject { ["policyType"] = id.StartsWith("00000000", StringComparison.Ordinal) ? "BuiltIn" : "Custom", ["allowedCombinations"] = new JsonArray([.. combinations.Select(c => JsonValue.Create(c))]) }.ToJsonString(), name: name);

    /// <summary>A policy as <c>ConditionalAccessReader</c> stores it, with the fields issue 19 A3 added.</summary>
    internal static TenantPolicyRecord With(TenantPolicyRecord policy, JsonObject extra)
    {
        var settings = JsonNode.Parse(policy.Settings)!.AsObject();
        foreach (var (name, value) in extra)
        {
            settings[name] = value?.DeepClone();
        }

        return new TenantPolicyRecord
        {
            TenantId = policy.TenantId, ScanId = policy.ScanId, Kind = policy.Kind, PolicyId = policy.PolicyId, DisplayName = policy.DisplayName, State = policy.State,
            Settings = settings.ToJsonString(),
        };
    }

    /// <summary>Requires the strength <paramref name="strengthId"/>, as Graph returns it inside grantControls (name, and the combinations when given).</summary>
    private static TenantPolicyRecord StrengthPolicy(int n, string name, string strengthId, string[]? includeRoles = null, string[]? builtIn = null, string state = "Enabled", string[]? excludeUsers = null, string[]? inlineCombinations = null, CaConditions? conditions = null)
        => With(
            ConditionalAccess(n, name, state, builtIn ?? [], includeUsers: includeRoles is null ? ["All"] : [], includeRoles: includeRoles, excludeUsers: excludeUsers, authenticationStrength: $"strength {strengthId}",
                conditions: (conditions ?? new CaConditions()) with { StrengthCombinations = inlineCombinations }),
            new JsonObject { ["authenticationStrengthId"] = strengthId });

    private static TenantInventory Tenant(params TenantPolicyRecord[] policies) => new() { Policies = [.. BuiltInStrengths, .. policies], Users = [User(1), User(2)] };

    [Fact]
    public void The_built_in_phishing_resistant_strength_for_all_users_passes_and_the_multifactor_strength_does_not()
    {
        RuleAssert.NoFinding<PhishingResistantMfaNotEnforcedRule>(Tenant(StrengthPolicy(1, "Phishing-resistant for all", PhishingResistantId)));

        var finding = RuleAssert.SingleFinding<PhishingResistantMfaNotEnforcedRule>(Tenant(StrengthPolicy(2, "MFA strength for all", MultifactorId)));
        Assert.Equal(["MFA strength for all: strength Multifactor authentication (windowsHelloForBusiness | fido2 | password,microsoftAuthenticatorPush | password,sms)"], RuleAssert.Strings(finding, "weakerStrengths"));
        Assert.Contains("None of the tenant's 1 enabled Conditional Access policies requires a phishing-resistant authentication strength", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains("Require authentication strength \"Phishing-resistant MFA\"", finding.Remediation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_custom_strength_is_judged_by_the_combinations_the_tenant_lists_for_its_id_not_by_what_the_policy_carried()
    {
        // Inline combinations say phishing-resistant; the strength as it is now also allows passwordless phone sign-in.
        var stale = StrengthPolicy(3, "Custom strength for all", CustomId, inlineCombinations: ["fido2"]);
        var weakened = new TenantInventory { Policies = [.. BuiltInStrengths, Strength(CustomId, "Passkeys or phone", "fido2", "deviceBasedPush"), stale] };
        var finding = RuleAssert.SingleFinding<PhishingResistantMfaNotEnforcedRule>(weakened);
        Assert.Equal(["Custom strength for all: strength Passkeys or phone (fido2 | deviceBasedPush)"], RuleAssert.Strings(finding, "weakerStrengths"));

        var strong = new TenantInventory { Policies = [.. BuiltInStrengths, Strength(CustomId, "Passkeys only", "fido2", "windowsHelloForBusiness"), stale] };
        RuleAssert.NoFinding<PhishingResistantMfaNotEnforcedRule>(strong);
    }

    [Fact]
    public void A_strength_unknown_to_the_tenant_list_falls_back_to_the_combinations_graph_sent_with_the_policy()
    {
        RuleAssert.NoFinding<PhishingResistantMfaNotEnforcedRule>(Tenant(StrengthPolicy(4, "Inline", CustomId, inlineCombinations: ["fido2", "x509CertificateMultiFactor"])));
        RuleAssert.SingleFinding<PhishingResistantMfaNotEnforcedRule>(Tenant(StrengthPolicy(5, "Unknown", CustomId)));
    }

    [Fact]
    public void Exclusions_beyond_the_emergency_accounts_an_or_alternative_and_narrowing_conditions_fall_short()
    {
        var excluding = StrengthPolicy(6, "Excludes Bob", PhishingResistantId, excludeUsers: [Id(1).ToString(), Id(2).ToString()]);
        var finding = RuleAssert.SingleFinding<PhishingResistantMfaNotEnforcedRule>(Tenant(excluding), RuleSettings.Default with { BreakGlassAccounts = [Id(1)] });
        Assert.Equal(["Excludes Bob: excludes 1 user(s) (user2@contoso.example)"], RuleAssert.Strings(finding, "shortfalls"));
        RuleAssert.NoFinding<PhishingResistantMfaNotEnforcedRule>(Tenant(excluding), RuleSettings.Default with { BreakGlassAccounts = [Id(1), Id(2)] });

        var alternative = RuleAssert.SingleFinding<PhishingResistantMfaNotEnforcedRule>(Tenant(StrengthPolicy(7, "Or compliant", PhishingResistantId, builtIn: ["CompliantDevice"])));
        Assert.Equal(["Or compliant: the strength is one of several controls joined by OR"], RuleAssert.Strings(alternative, "shortfalls"));

        var risky = RuleAssert.SingleFinding<PhishingResistantMfaNotEnforcedRule>(Tenant(StrengthPolicy(8, "Risky only", PhishingResistantId, conditions: new CaConditions(SignInRiskLevels: ["High"]))));
        Assert.Equal(["Risky only: only at sign-in risk High"], RuleAssert.Strings(risky, "shortfalls"));

        var reportOnly = RuleAssert.SingleFinding<PhishingResistantMfaNotEnforcedRule>(Tenant(StrengthPolicy(9, "Not yet", PhishingResistantId, state: "EnabledForReportingButNotEnforced")));
        Assert.Equal(["Not yet (EnabledForReportingButNotEnforced)"], RuleAssert.Strings(reportOnly, "phishingResistantPoliciesNotEnforced"));
    }

    [Fact]
    public void The_plain_mfa_control_is_not_phishing_resistant()
        => RuleAssert.SingleFinding<PhishingResistantMfaNotEnforcedRule>(Tenant(ConditionalAccess(10, "MFA for all", "Enabled", ["Mfa"])));

    [Fact]
    public void All_eight_highly_privileged_roles_in_one_policy_or_across_policies_or_through_all_users_pass()
    {
        RuleAssert.NoFinding<AdminPhishingResistantMfaNotEnforcedRule>(Tenant(StrengthPolicy(11, "Admins", PhishingResistantId, includeRoles: CisaRoles)));
        RuleAssert.NoFinding<AdminPhishingResistantMfaNotEnforcedRule>(Tenant(
            StrengthPolicy(12, "Identity admins", PhishingResistantId, includeRoles: CisaRoles[..4]),
            StrengthPolicy(13, "Workload admins", PhishingResistantId, includeRoles: CisaRoles[4..])));
        RuleAssert.NoFinding<AdminPhishingResistantMfaNotEnforcedRule>(Tenant(StrengthPolicy(14, "Everyone", PhishingResistantId)));
    }

    [Fact]
    public void A_highly_privileged_role_left_out_excluded_or_held_to_a_weaker_strength_is_uncovered()
    {
        var withoutMessaging = Tenant(StrengthPolicy(15, "Admins", PhishingResistantId, includeRoles: [.. CisaRoles.Where(r => r != "29232cdf-9323-42fd-ade2-1d097af3e4de")]));
        var finding = RuleAssert.SingleFinding<AdminPhishingResistantMfaNotEnforcedRule>(withoutMessaging);
        Assert.Equal(["Exchange Administrator"], RuleAssert.Strings(finding, "uncoveredRoles"));
        Assert.Equal(["Admins"], RuleAssert.Strings(finding, "phishingResistantPolicies"));
        Assert.Contains("of Exchange Administrator.", finding.Explanation, StringComparison.Ordinal);

        var excluded = Tenant(StrengthPolicy(16, "Everyone but GAs", PhishingResistantId, conditions: new CaConditions(ExcludeRoles: [GlobalAdministrator])));
        Assert.Equal(["Global Administrator"], RuleAssert.Strings(RuleAssert.SingleFinding<AdminPhishingResistantMfaNotEnforcedRule>(excluded), "uncoveredRoles"));

        var weaker = RuleAssert.SingleFinding<AdminPhishingResistantMfaNotEnforcedRule>(Tenant(StrengthPolicy(17, "Admins MFA", MultifactorId, includeRoles: CisaRoles)));
        Assert.Equal(8, RuleAssert.Strings(weaker, "uncoveredRoles").Length);
    }

    [Fact]
    public void Without_the_strengths_or_the_policies_neither_rule_is_evaluated()
    {
        var tenant = Tenant(ConditionalAccess(18, "MFA for all", "Enabled", ["Mfa"]));
        RuleAssert.NotEvaluatedWithout<PhishingResistantMfaNotEnforcedRule>(tenant, "authenticationStrengthPolicies");
        RuleAssert.NotEvaluatedWithout<PhishingResistantMfaNotEnforcedRule>(tenant, "conditionalAccessPolicies");
        RuleAssert.NotEvaluatedWithout<AdminPhishingResistantMfaNotEnforcedRule>(tenant, "authenticationStrengthPolicies");
        RuleAssert.NotEvaluatedWithout<AdminPhishingResistantMfaNotEnforcedRule>(tenant, "conditionalAccessPolicies");
    }
}

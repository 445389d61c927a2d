using System.Text.Json.Nodes;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules.Authentication;
using Xunit;
using static IdentityOps.Core.Tests.Rules.Authentication.PhishingResistantMfaRulesTests;
using static IdentityOps.Core.Tests.Rules.Records;

namespace IdentityOps.Core.Tests.Rules.Authentication;

/// <summary>Issue 19 A3: session controls for unmanaged devices (Maester MT.1017, MT.1018, MT.1019).</summary>
public sealed class SessionControlRulesTests
{
    private const string ExcludeManaged = "device.trustType -eq \"ServerAD\" -or device.isCompliant -eq True";

    private static TenantPolicyRecord Session(int n, string name, JsonObject session, string state = "Enabled", string[]? includeApplications = null, string[]? clientAppTypes = null, string? filterMode = null, string? filterRule = null)
    {
        var extra = new JsonObject { ["deviceFilterRule"] = filterRule };
        foreach (var (key, value) in session)
        {
            extra[key] = value?.DeepClone();
        }

        return With(ConditionalAccess(n, name, state, [], includeApplications: includeApplications, clientAppTypes: clientAppTypes, conditions: new CaConditions(DeviceFilterMode: filterMode)), extra);
    }

    private static JsonObject NeverPersistent => new() { ["persistentBrowser"] = "Never" };

    private static JsonObject EveryHour => new() { ["signInFrequency"] = new JsonObject { ["interval"] = "TimeBased", ["value"] = 1, ["type"] = "Hours" } };

    private static JsonObject Restrictions => new() { ["applicationEnforcedRestrictions"] = true };

    private static TenantInventory Tenant(params TenantPolicyRecord[] policies) => new() { Policies = policies };

    [Fact]
    public void Never_persistent_for_all_users_and_resources_on_unmanaged_or_all_devices_passes()
    {
        RuleAssert.NoFinding<BrowserSessionPersistentRule>(Tenant(Session(1, "Unmanaged", NeverPersistent, filterMode: "Exclude", filterRule: ExcludeManaged)));
        RuleAssert.NoFinding<BrowserSessionPersistentRule>(Tenant(Session(2, "Every device", NeverPersistent)));
        RuleAssert.NoFinding<BrowserSessionPersistentRule>(Tenant(Session(3, "Non-compliant", NeverPersistent, filterMode: "Include", filterRule: "device.isCompliant -ne True")));
    }

    [Fact]
    public void Never_persistent_only_for_office_365_only_on_personal_devices_or_report_only_fails()
    {
        var finding = RuleAssert.SingleFinding<BrowserSessionPersistentRule>(Tenant(
            Session(4, "Office only", NeverPersistent, includeApplications: ["Office365"]),
            Session(5, "Personal devices", NeverPersistent, filterMode: "Include", filterRule: "device.deviceOwnership -eq \"Personal\""),
            Session(6, "Trial", NeverPersistent, state: "EnabledForReportingButNotEnforced"),
            Session(7, "Keep me signed in", new JsonObject { ["persistentBrowser"] = "Always" })));
        Assert.Equal(
            [
                "Office only: persistent browser Never; only for 1 selected application(s)",
                "Personal devices: persistent browser Never; device filter (Include): device.deviceOwnership -eq \"Personal\"",
                "Trial: persistent browser Never; state EnabledForReportingButNotEnforced",
                "Keep me signed in: persistent browser Always",
            ],
            RuleAssert.Strings(finding, "persistentBrowserPolicies"));
        Assert.Contains("never persist on unmanaged devices", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_time_based_sign_in_frequency_for_all_users_and_resources_passes_and_every_time_or_a_narrow_scope_fails()
    {
        RuleAssert.NoFinding<SignInFrequencyNotEnforcedRule>(Tenant(Session(8, "Unmanaged", EveryHour, filterMode: "Exclude", filterRule: ExcludeManaged)));
        RuleAssert.NoFinding<SignInFrequencyNotEnforcedRule>(Tenant(Session(9, "Every device", EveryHour)));

        var finding = RuleAssert.SingleFinding<SignInFrequencyNotEnforcedRule>(Tenant(
            Session(10, "Risky", new JsonObject { ["signInFrequency"] = new JsonObject { ["interval"] = "EveryTime" } }),
            Session(11, "Office only", EveryHour, includeApplications: ["Office365"])));
        Assert.Equal(
            ["Risky: sign-in frequency every time", "Office only: sign-in frequency every 1 hours; only for 1 selected application(s)"],
            RuleAssert.Strings(finding, "signInFrequencyPolicies"));
    }

    [Fact]
    public void Application_enforced_restrictions_count_only_for_office_365_all_users_and_all_client_apps()
    {
        RuleAssert.NoFinding<AppEnforcedRestrictionsOffRule>(Tenant(Session(12, "Office", Restrictions, includeApplications: ["Office365"], clientAppTypes: ["all"])));

        var finding = RuleAssert.SingleFinding<AppEnforcedRestrictionsOffRule>(Tenant(
            Session(13, "Browsers", Restrictions, includeApplications: ["Office365"], clientAppTypes: ["browser"]),
            Session(14, "SharePoint", Restrictions, includeApplications: ["00000003-0000-0ff1-ce00-000000000000"], clientAppTypes: ["all"])));
        Assert.Equal(
            ["Browsers: applications Office365; client apps browser", "SharePoint: applications 00000003-0000-0ff1-ce00-000000000000; client apps all"],
            RuleAssert.Strings(finding, "restrictionPolicies"));
    }

    [Fact]
    public void Without_the_policies_no_session_rule_is_evaluated()
    {
        var tenant = Tenant(Session(15, "Nothing", new JsonObject()));
        RuleAssert.NotEvaluatedWithout<BrowserSessionPersistentRule>(tenant);
        RuleAssert.NotEvaluatedWithout<SignInFrequencyNotEnforcedRule>(tenant);
        RuleAssert.NotEvaluatedWithout<AppEnforcedRestrictionsOffRule>(tenant);
    }
}

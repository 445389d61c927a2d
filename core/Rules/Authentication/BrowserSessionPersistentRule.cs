using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules.TenantPolicies;

namespace IdentityOps.Core.Rules.Authentication;

/// <summary>
/// No enabled Conditional Access policy for all users and all resources sets the browser session to never persist on
/// unmanaged devices: session control "Persistent browser session: Never persistent", on every device or with a device
/// filter that leaves out compliant devices. Maester MT.1017 (maester365/maester@6bf1d98
/// powershell/public/maester/entra/Test-MtCaEnforceNonPersistentBrowserSession.ps1): enabled, persistentBrowser enabled with
/// mode never, includeUsers and includeApplications All, and a device filter including <c>device.isCompliant -ne True</c>
/// or excluding <c>device.isCompliant -eq True</c>. Low: a convenience setting on unmanaged devices, which Microsoft offers
/// as a template (policy-all-users-persistent-browser), not a baseline.
/// </summary>
public sealed class BrowserSessionPersistentRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "policy-browser-session-persistent",
        "Browser sessions may persist on unmanaged devices",
        RuleCategory.AuthenticationAndMfa,
        Severity.Low,
        ObjectTypes.Tenant,
        ["conditionalAccessPolicies"],
        ["enabledPolicies", "persistentBrowserPolicies"],
        [
            FrameworkReference.Maester("MT.1017").Partially("also passes a policy with no device filter, which keeps sessions from persisting on every device, unmanaged ones included (Maester's -AllDevices)"),
            FrameworkReference.Attack("T1539"),
        ]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        var policies = ConditionalAccessPolicy.All(inventory);
        if (policies.Any(p => p.IsEnabled && p.IncludesAllUsersAndApplications && p.Session.NeverPersistentBrowser
                              && (p.Conditions.DeviceFilterMode is null || UnmanagedDeviceFilter.ExcludesCompliant(p))))
        {
            yield break;
        }

        yield return new RuleHit(ObjectTypes.Tenant, null, new Evidence
        {
            { "enabledPolicies", policies.Count(p => p.IsEnabled) },
            { "persistentBrowserPolicies", policies.Where(p => p.Session.PersistentBrowserMode is not null).Select(p => SessionPolicies.Describe(p, $"persistent browser {p.Session.PersistentBrowserMode}")) },
        });
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => 1;
}

/// <summary>How the session-control rules list a policy that sets the control but does not count.</summary>
internal static class SessionPolicies
{
    /// <param name="applicationsNamed">The control names the applications itself (Office 365), so "only for selected applications" would mislead.</param>
    public static string Describe(ConditionalAccessPolicy policy, string control, bool applicationsNamed = false)
    {
        var why = new List<string> { control };
        if (!policy.IsEnabled)
        {
            why.Add($"state {policy.State ?? "unknown"}");
        }

        if (!policy.TargetsAllUsers)
        {
            why.Add("only for selected users, groups or roles");
        }

        if (!policy.TargetsAllApplications && !applicationsNamed)
        {
            why.Add($"only for {policy.IncludeApplications.Length} selected application(s)");
        }

        if (policy.Conditions.DeviceFilterMode is { } mode)
        {
            why.Add($"device filter ({mode}): {policy.DeviceFilterRule}");
        }

        return $"{policy.Name}: {string.Join("; ", why)}";
    }
}

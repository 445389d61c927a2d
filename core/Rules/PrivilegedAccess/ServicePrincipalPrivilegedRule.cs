using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.PrivilegedAccess;

/// <summary>
/// A service principal holds a privileged directory role: whoever holds one of its credentials acts
/// with that role, without MFA or Conditional Access for users, and rarely shows up in admin reviews.
/// </summary>
public sealed class ServicePrincipalPrivilegedRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "role-service-principal-privileged",
        "Service principal holds a privileged directory role",
        RuleCategory.PrivilegedAccess,
        Severity.High,
        ObjectTypes.ServicePrincipal,
        [.. RuleInputs.Collection("directoryRoles", "isPrivileged"), .. RuleInputs.Collection("servicePrincipals")],
        ["displayName", "appId", "servicePrincipalType", "roles"],
        [
            FrameworkReference.Attack("T1098.003"), FrameworkReference.Attack("T1078.004"),
            FrameworkReference.Maester("MT.1027").Partially("reports every service principal with a privileged role, whatever its credentials; Maester only one whose app or service principal holds a secret. Maester's Test-MtPrivPermanentDirectoryRole judges active assignments to the Control Plane roles of Cloud-Architekt's classification, downloaded at run time"),
        ]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        foreach (var holder in PrivilegedRoles.Holders(inventory))
        {
            if (inventory.ServicePrincipal(holder.PrincipalId) is not { } sp
                || !(holder.PrincipalType is null || string.Equals(holder.PrincipalType, "servicePrincipal", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            yield return new RuleHit(sp.ObjectId.ToString(), sp.DisplayName, new Evidence
            {
                { "displayName", sp.DisplayName },
                { "appId", sp.AppId },
                { "servicePrincipalType", sp.ServicePrincipalType ?? "" },
                { "roles", holder.RoleNames },
            }, [.. PrivilegedRoles.ControlPlaneSignal(holder), .. CredentialSignal(inventory, sp, scan.AsOf)]);
        }
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan)
        => PrivilegedRoles.Holders(inventory).Count(h => inventory.ServicePrincipal(h.PrincipalId) is not null);

    /// <summary>
    /// Live secrets or certificates on the service principal or its app registration are copies of the
    /// identity that can be used from anywhere; a managed identity has none to steal.
    /// </summary>
    private static IEnumerable<ScoreSignal> CredentialSignal(TenantInventory inventory, ServicePrincipalRecord sp, DateTimeOffset asOf)
    {
        var owners = inventory.ApplicationOf(sp.AppId) is { } app ? new[] { sp.ObjectId, app.ObjectId } : [sp.ObjectId];
        var live = owners.SelectMany(inventory.CredentialsOf).Count(c => c.Kind != CredentialKind.Federated && (c.EndsAt is null || c.EndsAt >= asOf));
        if (live > 0)
        {
            yield return new ScoreSignal("usable-credentials", 1.25m, $"{live} secret(s) or certificate(s) of this identity are valid and can be used from anywhere");
        }
    }
}

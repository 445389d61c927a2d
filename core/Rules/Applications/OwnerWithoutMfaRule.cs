using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.Applications;

/// <summary>
/// An owner of an app registration has no MFA method registered (<c>userRegistrationDetails.isMfaRegistered</c> false):
/// an owner can add secrets and certificates to the app and so sign in as it with its permissions, and an account without
/// MFA is one password away from someone else. Same condition as Maester MT.1063
/// (maester365/maester@6bf1d98 powershell/public/maester/entra/Test-MtAppRegistrationOwnersWithoutMFA.ps1, called by
/// tests/Maester/Entra/Test-MtAppRegistrationOwnersWithoutMFA.Tests.ps1): every owner of every app registration, looked up
/// in the registration details; an owner with no entry there (a service principal, or a user the report does not list)
/// is skipped, not failed. Maester reads owners through <c>$expand=owners</c>, which Graph caps at 20 per app; the
/// collector pages the rest, so an app with more than 20 owners is judged on all of them here.
/// </summary>
public sealed class OwnerWithoutMfaRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "app-owner-without-mfa",
        "App registration owner without MFA registered",
        RuleCategory.ApplicationsAndCredentials,
        Severity.Medium,
        ObjectTypes.Application,
        [.. RuleInputs.Collection("applications", "owners"), .. RuleInputs.Collection("userRegistrationDetails", "isMfaRegistered")],
        Ownership.EvidenceFields,
        [FrameworkReference.Maester("MT.1063"), FrameworkReference.Attack("T1098.001"), FrameworkReference.Attack("T1078.004")]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
        => inventory.Applications
            .Select(app => (app, owners: Ownership.OwnersOf(inventory, app).Where(o => inventory.MfaRegistrationOf(o.Owner.OwnerObjectId) is { IsMfaRegistered: false }).ToList()))
            .Where(m => m.owners.Count > 0)
            .Select(m => Ownership.Hit(m.app, m.owners));

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => inventory.Applications.Count(app => inventory.OwnersOf(app.ObjectId).Any());
}

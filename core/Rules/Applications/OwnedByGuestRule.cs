using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.Applications;

/// <summary>A guest owns an app registration: someone whose account the tenant does not manage can add credentials to it.</summary>
public sealed class OwnedByGuestRule : OwnershipRule
{
    public override RuleDefinition Definition { get; } = new(
        "app-owned-by-guest",
        "App registration owned by a guest",
        RuleCategory.ApplicationsAndCredentials,
        Severity.Medium,
        ObjectTypes.Application,
        [.. RuleInputs.Collection("applications", "owners"), .. RuleInputs.Collection("users", "userType")],
        Ownership.EvidenceFields,
        [FrameworkReference.Attack("T1098.001")]);

    protected override bool Matches(OwnerRecord owner, UserRecord? user) => user is { UserType: "Guest" };
}

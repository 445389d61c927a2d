using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.Applications;

/// <summary>A disabled account owns an app registration: nobody is really responsible for it, and re-enabling the account restores the power to change it.</summary>
public sealed class OwnedByDisabledUserRule : OwnershipRule
{
    public override RuleDefinition Definition { get; } = new(
        "app-owned-by-disabled-user",
        "App registration owned by a disabled account",
        RuleCategory.ApplicationsAndCredentials,
        Severity.Low,
        ObjectTypes.Application,
        [.. RuleInputs.Collection("applications", "owners"), .. RuleInputs.Collection("users", "accountEnabled")],
        Ownership.EvidenceFields,
        []);

    protected override bool Matches(OwnerRecord owner, UserRecord? user) => user is { AccountEnabled: false };
}

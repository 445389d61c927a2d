namespace IdentityOps.Core.Rules.TenantPolicies;

/// <summary>
/// Users may read the BitLocker recovery keys of the devices they own (<c>defaultUserRolePermissions.allowedToReadBitlockerKeysForOwnedDevice</c>):
/// whoever signs in as the owner, an attacker with a stolen laptop and the owner's password included, can unlock the disk.
/// One device × one more step, and Microsoft's default self-service: Low.
/// Peer: maester365/maester@6bf1d98 powershell/public/cis/Test-MtCisEnsureBitLockerKeyRecoveryRestricted.ps1 (CIS 5.1.4.6)
/// passes only on allowedToReadBitlockerKeysForOwnedDevice = false.
/// </summary>
public sealed class UsersCanReadOwnBitLockerKeysRule : AuthorizationPolicySettingRule
{
    public override RuleDefinition Definition { get; } = new(
        "policy-users-can-read-own-bitlocker-keys",
        "Users can recover the BitLocker keys of their own devices",
        RuleCategory.TenantPolicies,
        Severity.Low,
        ObjectTypes.AuthorizationPolicy,
        ["authorizationPolicy"],
        ["displayName", "allowedToReadBitlockerKeysForOwnedDevice"],
        [FrameworkReference.Cis("5.1.4.6")]);

    protected override string Setting => "allowedToReadBitlockerKeysForOwnedDevice";

    protected override bool FaultyValue => true;
}

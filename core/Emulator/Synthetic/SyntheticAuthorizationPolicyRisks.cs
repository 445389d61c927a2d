namespace IdentityOps.Emulator.Synthetic;

/// <summary>
/// issue 19 B: the authorization-policy settings EIDSCA, CIS and Maester read, each planted at its faulty value on the
/// synthetic tenant's authorization policy (<see cref="SyntheticPolicies.AuthorizationPolicyFile"/>); the clean twin keeps
/// them at their safe values.
/// </summary>
internal static class SyntheticAuthorizationPolicyRisks
{
    public static void Plant(SyntheticContext context)
    {
        Plant(context, PlantedRiskIds.PolicyGuestAccessNotRestricted, $"guestUserRoleId is {GraphReferenceData.GuestMemberAccessRoleId}: guests have the same directory access as members.");
        Plant(context, PlantedRiskIds.PolicyUsersCanCreateTenants, "defaultUserRolePermissions.allowedToCreateTenants is true (Microsoft's default).");
        Plant(context, PlantedRiskIds.PolicyUsersCanCreateSecurityGroups, "defaultUserRolePermissions.allowedToCreateSecurityGroups is true (Microsoft's default).");
        Plant(context, PlantedRiskIds.PolicyMsolPowerShellNotBlocked, "blockMsolPowerShell is false.");
        Plant(context, PlantedRiskIds.PolicyUsersCanReadOwnBitLockerKeys, "defaultUserRolePermissions.allowedToReadBitlockerKeysForOwnedDevice is true (Microsoft's default).");
        Plant(context, PlantedRiskIds.PolicyEmailSubscriptionSignUp, "allowedToSignUpEmailBasedSubscriptions is true.");
        Plant(context, PlantedRiskIds.PolicyEmailVerifiedUsersCanJoin, "allowEmailVerifiedUsersToJoinOrganization is true.");
        Plant(context, PlantedRiskIds.PolicyUsersCanConsentRiskyApps, "allowUserConsentForRiskyApps is true: risk-based step-up consent is off.");
        Plant(context, PlantedRiskIds.PolicyGuestInvitesNotLimited, "allowInvitesFrom is 'everyone': invitations are not limited to admins and Guest Inviters (folded into policy-guest-invites-everyone).");
        Plant(context, PlantedRiskIds.PolicyUsersCannotReadOtherUsers, "defaultUserRolePermissions.allowedToReadOtherUsers is false, which Microsoft says not to set.");
    }

    private static void Plant(SyntheticContext context, string riskId, string description)
        => context.Plant(riskId, PlantedObjectTypes.AuthorizationPolicy, SyntheticPolicies.AuthorizationPolicyId, description);
}

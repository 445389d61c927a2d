namespace IdentityOps.Core.Inventory;

/// <summary>
/// The start of reasons that carry a meaning beyond "unavailable", written by the collector and read by the rules
/// (the reasons are stored as text with the scan).
/// </summary>
public static class UnavailableReasons
{
    /// <summary>
    /// Graph refused Privileged Identity Management data because the tenant has no Microsoft Entra ID P2 (Graph's
    /// <c>AadPremiumLicenseRequired</c>): the tenant has no PIM, so nobody holds a role through an eligible assignment.
    /// </summary>
    public const string NoEntraIdP2 = "the tenant has no Microsoft Entra ID P2 (or ID Governance) licence";
}

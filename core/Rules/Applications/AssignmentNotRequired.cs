using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.Applications;

/// <summary>
/// Who may sign in to an enterprise application: with <c>appRoleAssignmentRequired</c> false (the portal's
/// "Assignment required?" = No, Microsoft's default) every user of the tenant can get a token for it. Shared by the
/// rules that read it, so "open to every user" means the same in each.
/// </summary>
internal static class AssignmentNotRequired
{
    /// <summary>Anyone may sign in: the flag is not true (Graph's default false, or unknown, which Maester's <c>ne true</c> counts too).</summary>
    public static bool IsOpen(ServicePrincipalRecord sp) => sp.AppRoleAssignmentRequired != true;

    /// <summary>How the portal would describe the service principal's assignment setting.</summary>
    public static string Status(ServicePrincipalRecord sp) => sp.AppRoleAssignmentRequired switch
    {
        true => "assignment required",
        false when sp.AccountEnabled => "open to all users",
        false => "disabled, assignment not required",
        null => "assignment setting unknown",
    };
}

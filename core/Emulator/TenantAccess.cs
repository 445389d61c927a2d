using System.Globalization;

namespace IdentityOps.Emulator;

/// <summary>The Microsoft Entra ID edition a tenant holds: what Graph checks before it serves premium data.</summary>
public enum EntraLicence
{
    /// <summary>Microsoft Entra ID Free (or the edition Microsoft 365 brings): no sign-in logs, no PIM.</summary>
    Free,

    /// <summary>Microsoft Entra ID P1: sign-in logs, sign-in activity, Conditional Access.</summary>
    P1,

    /// <summary>Microsoft Entra ID P2 (or ID Governance): everything of P1, and Privileged Identity Management.</summary>
    P2,
}

/// <summary>Built-in directory role names, as Graph's <c>unifiedRoleDefinition.displayName</c> spells them.</summary>
public static class DirectoryRoleNames
{
    public const string GlobalAdministrator = "Global Administrator";
    public const string GlobalReader = "Global Reader";
    public const string ReportsReader = "Reports Reader";
    public const string SecurityReader = "Security Reader";
    public const string SecurityOperator = "Security Operator";
    public const string SecurityAdministrator = "Security Administrator";
    public const string ConditionalAccessAdministrator = "Conditional Access Administrator";
    public const string GlobalSecureAccessAdministrator = "Global Secure Access Administrator";
    public const string PrivilegedRoleAdministrator = "Privileged Role Administrator";
    public const string AuthenticationPolicyAdministrator = "Authentication Policy Administrator";
    public const string CloudApplicationAdministrator = "Cloud Application Administrator";
    public const string ApplicationAdministrator = "Application Administrator";
}

/// <summary>
/// What the tenant is licensed for and which directory roles the signed-in admin holds: Graph refuses a
/// delegated read when either falls short, whatever scopes were consented. The emulator answers those
/// refusals as Graph documents them (<see cref="GraphAccessRules"/>).
/// </summary>
/// <param name="Licence">The tenant's Entra ID edition.</param>
/// <param name="Roles">The signed-in admin's directory roles, by display name (<see cref="DirectoryRoleNames"/>).</param>
public sealed record TenantAccess(EntraLicence Licence, IReadOnlySet<string> Roles)
{
    /// <summary>A P2 tenant scanned by a Global Administrator: nothing is refused. The emulator's default.</summary>
    public static TenantAccess Unrestricted { get; } = new(EntraLicence.P2, DirectoryRoleNames.GlobalAdministrator);

    public TenantAccess(EntraLicence licence, params string[] roles)
        : this(licence, new HashSet<string>(roles, StringComparer.OrdinalIgnoreCase))
    {
    }

    /// <summary>Whether the admin holds one of <paramref name="allowed"/>; a Global Administrator holds every read.</summary>
    internal bool HoldsAny(IReadOnlyList<string> allowed)
        => Roles.Contains(DirectoryRoleNames.GlobalAdministrator) || allowed.Any(Roles.Contains);

    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"{Licence}, roles: {(Roles.Count == 0 ? "none" : string.Join(", ", Roles.Order(StringComparer.Ordinal)))}");
}

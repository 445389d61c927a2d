namespace IdentityOps.Core.Rules;

/// <summary>How bad a finding is, before exposure and privilege adjust its score.</summary>
public enum Severity
{
    Info,
    Low,
    Medium,
    High,
    Critical,
}

/// <summary>The report's chapters: every rule belongs to exactly one.</summary>
public enum RuleCategory
{
    ApplicationsAndCredentials,
    PermissionsAndConsent,
    PrivilegedAccess,
    AuthenticationAndMfa,
    SignIns,
    TenantPolicies,
}

public static class RuleCategoryNames
{
    /// <summary>The category's title in reports.</summary>
    public static string Title(this RuleCategory category) => category switch
    {
        RuleCategory.ApplicationsAndCredentials => "Applications and credentials",
        RuleCategory.PermissionsAndConsent => "Permissions and consent",
        RuleCategory.PrivilegedAccess => "Privileged access",
        RuleCategory.AuthenticationAndMfa => "Authentication and MFA",
        RuleCategory.SignIns => "Sign-ins",
        RuleCategory.TenantPolicies => "Tenant policies",
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, "Unknown rule category."),
    };

    /// <summary>The category's stable machine name in findings.json and findings.csv.</summary>
    public static string Key(this RuleCategory category) => category switch
    {
        RuleCategory.ApplicationsAndCredentials => "applications-and-credentials",
        RuleCategory.PermissionsAndConsent => "permissions-and-consent",
        RuleCategory.PrivilegedAccess => "privileged-access",
        RuleCategory.AuthenticationAndMfa => "authentication-and-mfa",
        RuleCategory.SignIns => "sign-ins",
        RuleCategory.TenantPolicies => "tenant-policies",
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, "Unknown rule category."),
    };
}

namespace IdentityOps.Emulator;

/// <summary>
/// Graph's own refusals for a missing licence or a missing directory role, per endpoint, as Microsoft documents
/// them. A delegated read needs the scope, the licence the data is sold with, and a directory role that may read
/// it; the emulator already grants every scope, so these are the two checks left. Sources:
/// <list type="bullet">
/// <item>Sign-in logs (<c>api-reference/v1.0/api/signin-list.md</c>, microsoftgraph/microsoft-graph-docs-contrib): the
/// signed-in user "needs to belong to one of" Global Administrator, Global Reader, Reports Reader, Security
/// Administrator, Security Operator, Security Reader. The same report roles are applied to the other activity
/// reports (<c>signInActivity</c>, <c>userRegistrationDetails</c>, <c>servicePrincipalSignInActivities</c>).</item>
/// <item>Without Entra ID P1 these reports answer 403 <c>Authentication_RequestFromNonPremiumTenantOrB2CTenant</c>,
/// "Neither tenant is B2C or tenant doesn't have premium license" (entra-docs howto-configure-prerequisites-for-reporting-api
/// "Common errors"; MicrosoftDocs/azure-docs PR 77948 for <c>signInActivity</c>).</item>
/// <item>PIM schedules (<c>rbac-pim-entra-roles-apis.md</c>): read by Global Reader, Security Operator, Security Reader,
/// Security Administrator or Privileged Role Administrator; without P2 Graph answers <c>AadPremiumLicenseRequired</c>,
/// "The tenant needs an AAD Premium 2 license." (message as reported in microsoft/EntraExporter issue 61; the 400
/// status is not documented by Microsoft).</item>
/// <item>Conditional Access policies (<c>rbac-conditionalaccess-apis-read.md</c>): Global Secure Access Administrator,
/// Security Reader, Security Administrator, Global Reader, Conditional Access Administrator. A tenant without P1
/// may answer an empty list rather than an error, so the emulator does: the reader must not take it for "no policies".</item>
/// <item>Authentication methods policy (<c>rbac-authentication-methods-policy-apis-read.md</c>): Global Reader,
/// Authentication Policy Administrator. Admin consent request policy (<c>rbac-adminconsentrequestpolicy-apis-read.md</c>):
/// Global Reader, Cloud Application Administrator, Application Administrator.</item>
/// <item>Authentication strengths (<c>rbac-authenticationstrength-apis-read.md</c>): Conditional Access Administrator, Security
/// Administrator, Security Reader; and Global Reader, which that list leaves out but which "can read everything that a Global
/// Administrator can" (entra-docs permissions-reference, Global Reader) — issue 19 A3.</item>
/// <item>A missing role: 403 <c>Authorization_RequestDenied</c>, "Insufficient privileges to complete the operation."</item>
/// </list>
/// Directory objects (users, groups, applications, service principals, grants, role definitions and assignments,
/// the organization, the authorization policy) are readable with the default member permissions and stay unchecked.
/// </summary>
internal static class GraphAccessRules
{
    public const string NonPremiumCode = "Authentication_RequestFromNonPremiumTenantOrB2CTenant";
    public const string PremiumP2Code = "AadPremiumLicenseRequired";
    public const string RequestDeniedCode = "Authorization_RequestDenied";

    private static readonly string[] ReportReaders =
    [
        DirectoryRoleNames.GlobalReader, DirectoryRoleNames.ReportsReader, DirectoryRoleNames.SecurityAdministrator,
        DirectoryRoleNames.SecurityOperator, DirectoryRoleNames.SecurityReader,
    ];

    private static readonly string[] PimReaders =
    [
        DirectoryRoleNames.GlobalReader, DirectoryRoleNames.SecurityOperator, DirectoryRoleNames.SecurityReader,
        DirectoryRoleNames.SecurityAdministrator, DirectoryRoleNames.PrivilegedRoleAdministrator,
    ];

    private static readonly string[] ConditionalAccessReaders =
    [
        DirectoryRoleNames.GlobalSecureAccessAdministrator, DirectoryRoleNames.SecurityReader, DirectoryRoleNames.SecurityAdministrator,
        DirectoryRoleNames.GlobalReader, DirectoryRoleNames.ConditionalAccessAdministrator,
    ];

    private static readonly Rule[] Rules =
    [
        new("auditLogs/signIns", EntraLicence.P1, ReportReaders),
        new("reports/authenticationMethods/userRegistrationDetails", EntraLicence.P1, ReportReaders),
        new("reports/servicePrincipalSignInActivities", EntraLicence.P1, ReportReaders),
        new("roleManagement/directory/roleEligibilitySchedules", EntraLicence.P2, PimReaders),
        new("roleManagement/directory/roleAssignmentScheduleInstances", EntraLicence.P2, PimReaders),
        new("policies/roleManagementPolicyAssignments", EntraLicence.P2, PimReaders), // issue 19 C: PIM role settings
        new("identity/conditionalAccess/policies", null, ConditionalAccessReaders),
        new("policies/authenticationMethodsPolicy", null, [DirectoryRoleNames.GlobalReader, DirectoryRoleNames.AuthenticationPolicyAdministrator]),
        new("policies/authenticationStrengthPolicies", null, [DirectoryRoleNames.ConditionalAccessAdministrator, DirectoryRoleNames.SecurityAdministrator, DirectoryRoleNames.SecurityReader, DirectoryRoleNames.GlobalReader]),
        new("policies/adminConsentRequestPolicy", null, [DirectoryRoleNames.GlobalReader, DirectoryRoleNames.CloudApplicationAdministrator, DirectoryRoleNames.ApplicationAdministrator]),
    ];

    /// <summary>Graph's answer when the tenant's licence or the admin's roles do not allow this read; null when they do.</summary>
    public static EmulatorAnswer? Answer(TenantAccess access, GraphTarget target, DateTimeOffset now)
    {
        var path = target.Path;
        if (GraphEmulatorBudgets.SelectsSignInActivity(path, target.Option("select"), target.Option("filter")))
        {
            // users?$select=signInActivity: the users read itself is open, the property is a sign-in report.
            return Refusal(new Rule("users", EntraLicence.P1, ReportReaders), access, now);
        }

        foreach (var rule in Rules)
        {
            if (!rule.Path.Equals(path, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (Refusal(rule, access, now) is { } refused)
            {
                return refused;
            }

            if (rule.Path == "identity/conditionalAccess/policies" && access.Licence == EntraLicence.Free)
            {
                return EmptyList(target);
            }

            return null;
        }

        return null;
    }

    private static EmulatorAnswer? Refusal(Rule rule, TenantAccess access, DateTimeOffset now)
    {
        if (rule.Licence is { } needed && access.Licence < needed)
        {
            return needed == EntraLicence.P2
                ? GraphAnswers.Error(400, PremiumP2Code, "The tenant needs an AAD Premium 2 license.", now)
                : GraphAnswers.Error(403, NonPremiumCode, "Neither tenant is B2C or tenant doesn't have premium license", now);
        }

        return access.HoldsAny(rule.Roles) ? null : GraphAnswers.Error(403, RequestDeniedCode, "Insufficient privileges to complete the operation.", now);
    }

    private static EmulatorAnswer EmptyList(GraphTarget target)
        => GraphAnswers.Json(200, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("@odata.context", $"{GraphEmulator.BaseUrlOf(target.Version)}/$metadata#{target.Path}");
            writer.WriteStartArray("value");
            writer.WriteEndArray();
            writer.WriteEndObject();
        });

    private sealed record Rule(string Path, EntraLicence? Licence, string[] Roles);
}

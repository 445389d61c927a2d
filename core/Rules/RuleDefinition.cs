namespace IdentityOps.Core.Rules;

/// <summary>What a rule is: everything about it except how it evaluates.</summary>
/// <param name="Id">Stable forever: findings, risk acceptances and reports refer to it.</param>
/// <param name="ObjectType">The kind of object a finding names (see <see cref="ObjectTypes"/>).</param>
/// <param name="RequiredData">
/// The collections (or parts, as <c>users.signInActivity</c>) without which the rule cannot tell a
/// finding from a pass; when one is unavailable the rule is reported "not evaluated" with the reason.
/// </param>
/// <param name="EvidenceFields">
/// The evidence every finding of the rule carries, in order; its template may refer to these and
/// nothing else (a test parses each template to check).
/// </param>
public sealed record RuleDefinition(
    string Id,
    string Title,
    RuleCategory Category,
    Severity Severity,
    string ObjectType,
    IReadOnlyList<string> RequiredData,
    IReadOnlyList<string> EvidenceFields,
    IReadOnlyList<FrameworkReference> Frameworks);

/// <summary>The object types findings name; the same words as the synthetic tenant's planted risks.</summary>
public static class ObjectTypes
{
    public const string Application = "application";
    public const string ServicePrincipal = "servicePrincipal";
    public const string User = "user";
    public const string OAuth2PermissionGrant = "oauth2PermissionGrant";
    public const string RoleDefinition = "roleDefinition";
    public const string AuthorizationPolicy = "authorizationPolicy";
    public const string Policy = "policy";
    public const string Tenant = "tenant";
}

namespace IdentityOps.Core.Rules;

/// <summary>What a rule is: everything about it except how it evaluates.</summary>
/// <param name="Id">Stable forever: findings, risk acceptances and reports refer to it.</param>
/// <param name="ObjectType">The kind of object a finding names (see <see cref="ObjectTypes"/>).</param>
/// <param name="Inputs">
/// The inventory inputs the rule reads: each collection, and each Graph property of it the rule's verdict
/// depends on, as <c>collection.property</c> (see <see cref="RuleInputs"/>). Without any one of them the rule
/// cannot tell a finding from a pass: it is reported "not evaluated: &lt;input&gt; unavailable (&lt;reason&gt;)".
/// A test removes each input from the sample tenant in turn and fails when a rule loses findings silently.
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
    IReadOnlyList<string> Inputs,
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

/// <summary>
/// How a rule declares what it reads: <c>[.. Collection("applications", "appId", "passwordCredentials")]</c>
/// names the collection and each Graph property of it (as <c>applications.appId</c>). The property names are
/// Graph's, as in the reader's <c>$select</c>, because that is where an input goes missing on a real tenant.
/// </summary>
public static class RuleInputs
{
    public static IReadOnlyList<string> Collection(string name, params string[] properties)
        => [name, .. properties.Select(property => $"{name}.{property}")];

    /// <summary>The collection an input belongs to: <c>applications.appId</c> → <c>applications</c>.</summary>
    public static string CollectionOf(string input)
    {
        var dot = input.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 ? input[..dot] : input;
    }
}

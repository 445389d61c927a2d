namespace IdentityOps.Core.Graph.Collection;

/// <summary>
/// One kind of request a reader sends to Graph, with the least delegated scope and the least directory role
/// Microsoft's API reference documents for it, and the scope of <see cref="GraphScopes"/> it is made under.
/// </summary>
/// <param name="Version"><c>v1.0</c> or <c>beta</c>.</param>
/// <param name="Request">The path, with <c>{id}</c> for an object id, and the query options that change what it needs.</param>
/// <param name="LeastScope">The least privileged delegated scope the API reference lists for the request.</param>
/// <param name="Scope">The requested scope that grants it: <paramref name="LeastScope"/>, or a wider one another request needs anyway.</param>
/// <param name="LeastRole">The least directory role the signed-in admin needs; "none" when member users may read it.</param>
/// <param name="Source">Where <paramref name="LeastScope"/> is documented (microsoftgraph/microsoft-graph-docs-contrib), or why it is assumed.</param>
public sealed record GraphRead(string Version, string Request, string LeastScope, string Scope, string LeastRole, string Source)
{
    public const string V1 = "v1.0";
    public const string Beta = "beta";
    public const string NoRole = "none";

    private const string Permissions = "api-reference/v1.0/includes/permissions/";

    /// <summary>The documented permissions include of a v1.0 request.</summary>
    public static string Documented(string include) => Permissions + include + "-permissions.md";
}

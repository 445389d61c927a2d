using IdentityOps.Core.Graph;
using IdentityOps.Core.Trust;

namespace IdentityOps.Security.Tests.ReadOnlyGraph;

[Trait("Claim", TrustClaimIds.ReadOnlyGraph)]
public sealed class GraphScopesTests
{
    [Fact]
    public void No_configured_scope_can_write_or_act_fully_as_the_user()
    {
        Assert.NotEmpty(GraphScopes.Delegated);
        Assert.All(GraphScopes.DelegatedFullyQualified, scope =>
        {
            Assert.DoesNotContain("Write", scope, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("AccessAsUser", scope, StringComparison.OrdinalIgnoreCase);
            Assert.False(GraphScopes.IsWriteCapable(scope));
        });
    }

    [Theory]
    [InlineData("Application.ReadWrite.All")]
    [InlineData("Directory.AccessAsUser.All")]
    [InlineData("Mail.Send")]
    public void The_write_check_recognises_write_scopes(string scope)
        => Assert.True(GraphScopes.IsWriteCapable(scope));

    [Fact]
    public void Every_scope_is_fully_qualified_for_microsoft_graph()
        => Assert.All(GraphScopes.DelegatedFullyQualified, s => Assert.StartsWith("https://graph.microsoft.com/", s, StringComparison.Ordinal));
}

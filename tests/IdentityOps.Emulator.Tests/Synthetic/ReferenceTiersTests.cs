using IdentityOps.Core.Inventory.Reference;
using IdentityOps.Emulator.Synthetic;

namespace IdentityOps.Emulator.Tests.Synthetic;

/// <summary>The synthetic tenant's copy of the permission tiers (its oracle's view) agrees with the product's tier file.</summary>
public sealed class ReferenceTiersTests
{
    [Fact]
    public void Every_tiered_permission_of_the_synthetic_tenant_has_the_same_tier_and_resource_in_the_products_file()
    {
        var tiered = GraphReferenceData.GraphApplicationPermissions.Where(p => p.Tier.Length > 0).Select(p => (Resource: GraphReferenceData.MicrosoftGraphAppId, Permission: p))
            .Append((Resource: GraphReferenceData.ExchangeOnlineAppId, Permission: GraphReferenceData.ExchangeFullAccessAsApp))
            .Append((Resource: GraphReferenceData.SharePointOnlineAppId, Permission: GraphReferenceData.SharePointSitesFullControlAll));

        Assert.All(tiered, t =>
        {
            var product = GraphPermissionTiers.Find(t.Resource, Guid.Parse(t.Permission.Id));
            Assert.True(product is not null, $"{t.Permission.Value} is not in the product's tier file for its resource");
            Assert.Equal(t.Permission.Tier, product!.Tier.ToString().ToLowerInvariant());
            Assert.Equal(t.Permission.Value, product.Name);
        });
    }
}

using IdentityOps.Core.Tenancy;

namespace IdentityOps.Core.Tests.Tenancy;

public sealed class TenantContextTests
{
    [Fact]
    public void A_tenant_can_be_set_once_and_set_again_to_the_same_value()
    {
        var context = new TenantContext();
        var tenant = Guid.NewGuid();
        context.Set(tenant);
        context.Set(tenant);
        Assert.Equal(tenant, context.TenantId);
    }

    [Fact]
    public void Switching_to_another_tenant_in_the_same_unit_of_work_is_refused()
    {
        var context = new TenantContext();
        context.Set(Guid.NewGuid());
        Assert.Throws<InvalidOperationException>(() => context.Set(Guid.NewGuid()));
    }

    [Fact]
    public void The_empty_guid_is_not_a_tenant()
        => Assert.Throws<ArgumentException>(() => new TenantContext().Set(Guid.Empty));
}

using IdentityOps.Emulator.Synthetic;

namespace IdentityOps.Emulator.Tests.Synthetic;

/// <summary>The Small tenant, generated once for the tests that only read it.</summary>
public sealed class SmallTenantFixture
{
    public SyntheticTenant Tenant { get; } = SyntheticTenantGenerator.Generate(SyntheticTenantSpec.Small);
}

[CollectionDefinition(Name)]
public sealed class SmallTenantGroup : ICollectionFixture<SmallTenantFixture>
{
    public const string Name = "Synthetic small tenant";
}

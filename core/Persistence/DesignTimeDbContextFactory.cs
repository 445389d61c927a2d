using IdentityOps.Core.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace IdentityOps.Core.Persistence;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model; it never connects.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<IdentityOpsDbContext>
{
    public IdentityOpsDbContext CreateDbContext(string[] args)
        => new(
            new DbContextOptionsBuilder<IdentityOpsDbContext>()
                .UseNpgsql("Host=design-time-only")
                .UseSnakeCaseNamingConvention()
                .Options,
            new TenantContext());
}

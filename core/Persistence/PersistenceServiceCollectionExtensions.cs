using System.ComponentModel.DataAnnotations;
using IdentityOps.Core.Audit;
using IdentityOps.Core.Audit.AnchorAuditHeads;
using IdentityOps.Core.Audit.Anchors;
using IdentityOps.Core.Audit.PublishedHeads;
using IdentityOps.Core.Persistence.Identity;
using IdentityOps.Core.Persistence.Inventory;
using IdentityOps.Core.Persistence.Scanning;
using IdentityOps.Core.Tenancy;
using IdentityOps.Core.Trust;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace IdentityOps.Core.Persistence;

/// <summary>Where the application's database is. Bound from the <c>Database</c> section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Connection string of a login in the database's <c>&lt;database&gt;_app</c> role (never the owner, never a superuser); <c>SSL Mode=VerifyFull</c> in Production.</summary>
    [Required]
    public string ApplicationConnectionString { get; set; } = string.Empty;
}

public static class PersistenceServiceCollectionExtensions
{
    /// <summary>
    /// Registers the tenant context, the application's <see cref="IdentityOpsDbContext"/> with both
    /// tenant walls switched on, the stores that work on the application's connections without EF Core
    /// (the catalog reads, the scan's inventory writer and job lock, the token cache), and the audit trail.
    /// </summary>
    public static IServiceCollection AddPersistence(this IServiceCollection services)
    {
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        // Every host (web, worker) registers persistence here, once: its start fails in Production on any
        // Database:*ConnectionString without SSL Mode=VerifyFull.
        services.AddOptions<DatabaseTransportOptions>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<DatabaseTransportOptions>, DatabaseTransportSecurity>();

        services.AddSingleton(sp => new NpgsqlDataSourceBuilder(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.ApplicationConnectionString).Build());
        services.AddSingleton<DatabaseCatalog>();
        services.AddSingleton<ScanInventoryWriters>();
        services.AddSingleton<ScanJobLocks>();
        services.AddSingleton<TokenCacheStore>();
        services.AddScoped<TenantContext>();
        services.AddScoped<ITenantContext>(sp => sp.GetRequiredService<TenantContext>());
        services.AddDbContext<IdentityOpsDbContext>((sp, options) =>
            options.UseIdentityOpsDatabase(sp.GetRequiredService<NpgsqlDataSource>()));

        services.AddSingleton(TimeProvider.System);
        services.AddScoped<TenantAuditTrail>();
        services.AddSingleton<AuditHeadKeySource>();
        services.AddSingleton<GetPublishedAuditHeadQuery>();
        services.AddScoped<AnchorTenantAuditHeadCommand>();
        services.AddSingleton<RowLevelSecurityStatusQuery>();
        return services;
    }

    /// <summary>The one place the application's EF Core options are set: Npgsql, snake_case, and both tenant interceptors.</summary>
    public static DbContextOptionsBuilder UseIdentityOpsDatabase(this DbContextOptionsBuilder options, NpgsqlDataSource dataSource)
        => options
            .UseNpgsql(dataSource)
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(new TenantTransactionInterceptor(), new RequireTransactionInterceptor());
}

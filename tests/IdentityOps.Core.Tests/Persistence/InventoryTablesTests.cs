using System.Collections;
using System.Reflection;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Persistence.Inventory;
using IdentityOps.Core.Tenancy;
using IdentityOps.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace IdentityOps.Core.Tests.Persistence;

/// <summary>
/// The COPY's tables, columns and row writers are derived from the EF Core model. These tests hold the
/// derivation to the schema: a property added to a record and the model (and its migration) is copied,
/// or a test here names it.
/// </summary>
public sealed class InventoryTablesTests(TenantDatabase database) : IClassFixture<TenantDatabase>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Every_column_of_every_inventory_table_is_copied_and_nothing_else()
    {
        await using var connection = await TenantDatabase.OpenAsync(database.SuperuserConnectionString);
        foreach (var table in InventoryTables.All)
        {
            var stored = await SchemaCatalog.ListAsync<string>(
                connection, "SELECT column_name::text FROM information_schema.columns WHERE table_schema = 'public' AND table_name = @t", ("t", table.Name));
            Assert.True(stored.Count > 2, $"{table.Name} was not found in the database");
            Assert.Equal(stored.Order(StringComparer.Ordinal), table.Columns.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void Every_property_the_model_maps_for_an_inventory_record_is_a_copied_column()
    {
        using var db = database.CreateApplicationContext(null);
        foreach (var table in InventoryTables.All)
        {
            var entity = db.Model.FindEntityType(table.RecordType)!;
            Assert.Equal(entity.GetTableName(), table.Name);
            Assert.Equal(entity.GetProperties().Select(p => p.Name).Order(StringComparer.Ordinal), table.Columns.Select(c => table.PropertyOf(c)).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void The_column_list_is_the_primary_key_then_the_other_columns_by_name()
    {
        foreach (var table in InventoryTables.All)
        {
            Assert.Equal(table.KeyColumns, table.Columns[..table.KeyColumns.Length]);
            Assert.Equal(table.Columns[table.KeyColumns.Length..].Order(StringComparer.Ordinal), table.Columns[table.KeyColumns.Length..]);
        }
    }

    [Fact]
    public async Task Every_property_of_every_inventory_record_comes_back_as_it_was_written()
    {
        var (tenant, scan) = await NewScanAsync();
        IModel model;
        await using (var modelOwner = database.CreateApplicationContext(null))
        {
            model = modelOwner.Model;
        }

        var written = InventoryTables.All.ToDictionary(t => t.RecordType, t => Filled(model.FindEntityType(t.RecordType)!, tenant, scan));
        await using (var dataSource = NpgsqlDataSource.Create(database.Provisioned.ApplicationConnectionString))
        await using (var writer = await ScanInventoryWriter.BeginAsync(dataSource, tenant, scan, CancellationToken.None))
        {
            foreach (var (type, row) in written)
            {
                await (Task)WriteOne.MakeGenericMethod(type).Invoke(null, [writer, row])!;
            }

            await writer.CompleteAsync((_, _, _) => Task.CompletedTask, CancellationToken.None);
        }

        await using var db = database.CreateApplicationContext(tenant);
        foreach (var table in InventoryTables.All)
        {
            var stored = await db.InTenantTransactionAsync(ct => (Task<object>)ReadOne.MakeGenericMethod(table.RecordType).Invoke(null, [db, ct])!, CancellationToken.None);
            foreach (var property in db.Model.FindEntityType(table.RecordType)!.GetProperties())
            {
                var expected = property.PropertyInfo!.GetValue(written[table.RecordType]);
                var actual = property.PropertyInfo.GetValue(stored);
                Assert.True(
                    expected is IEnumerable e && expected is not string ? e.Cast<object>().SequenceEqual(((IEnumerable)actual!).Cast<object>()) : Equals(expected, actual),
                    $"{table.RecordType.Name}.{property.Name}: wrote {expected}, read {actual}");
            }
        }
    }

    [Fact]
    public async Task A_nul_character_in_text_in_a_text_array_or_escaped_in_json_is_stored_as_a_replacement_instead_of_failing_the_scan()
    {
        var (tenant, scan) = await NewScanAsync();
        var application = new ApplicationRecord
        {
            TenantId = tenant,
            ScanId = scan,
            ObjectId = Guid.NewGuid(),
            AppId = Guid.NewGuid(),
            DisplayName = "Pay\0roll",
            PublisherDomain = "contoso\0.example",
            WebRedirectUris = ["https://contoso.example/\0"],
            RequiredResourceAccess = """[{"resourceAppId": "\u0000"}]""",
        };
        await using (var dataSource = NpgsqlDataSource.Create(database.Provisioned.ApplicationConnectionString))
        await using (var writer = await ScanInventoryWriter.BeginAsync(dataSource, tenant, scan, CancellationToken.None))
        {
            await writer.WriteAsync([application], CancellationToken.None);
            await writer.CompleteAsync((_, _, _) => Task.CompletedTask, CancellationToken.None);
        }

        await using var db = database.CreateApplicationContext(tenant);
        var stored = await db.InTenantTransactionAsync(ct => db.Applications.AsNoTracking().SingleAsync(ct), CancellationToken.None);
        Assert.Equal(("Pay\uFFFDroll", "contoso\uFFFD.example", "https://contoso.example/\uFFFD"), (stored.DisplayName, stored.PublisherDomain, stored.WebRedirectUris.Single()));
        Assert.Equal("[{\"resourceAppId\": \"\uFFFD\"}]", stored.RequiredResourceAccess); // jsonb keeps the character, not its escape
    }

    private static readonly MethodInfo WriteOne = typeof(InventoryTablesTests).GetMethod(nameof(WriteOneAsync), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo ReadOne = typeof(InventoryTablesTests).GetMethod(nameof(ReadOneAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static Task WriteOneAsync<T>(ScanInventoryWriter writer, object row)
        where T : class, ITenantOwned
        => writer.WriteAsync([(T)row], CancellationToken.None);

    private static async Task<object> ReadOneAsync<T>(IdentityOpsDbContext db, CancellationToken cancellationToken)
        where T : class
        => await db.Set<T>().AsNoTracking().SingleAsync(cancellationToken);

    /// <summary>
    /// A record with every property the model maps (not only those the copy knows) set to a value that is not
    /// its type's default, so a column the copy leaves out comes back different.
    /// </summary>
    private static object Filled(IEntityType entity, Guid tenant, Guid scan)
    {
        var row = Activator.CreateInstance(entity.ClrType)!;
        var index = 0;
        foreach (var property in entity.GetProperties())
        {
            index++;
            object value = property.Name switch
            {
                nameof(ITenantOwned.TenantId) => tenant,
                "ScanId" => scan,
                _ => Sample(property.ClrType, property.GetColumnType() == "jsonb", property.Name, index),
            };
            property.PropertyInfo!.SetValue(row, value);
        }

        return row;
    }

    private static object Sample(Type type, bool json, string name, int index)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying switch
        {
            _ when underlying == typeof(string) && json => $"{{\"property\": \"{name}\"}}",
            _ when underlying == typeof(string) => $"{name} {index}",
            _ when underlying == typeof(string[]) => new[] { $"{name} a", $"{name} b" },
            _ when underlying == typeof(Guid) => Guid.NewGuid(),
            _ when underlying == typeof(bool) => true,
            _ when underlying == typeof(int) => 100 + index,
            _ when underlying == typeof(DateOnly) => DateOnly.FromDateTime(Now.UtcDateTime).AddDays(-index),

            // A non-UTC offset: the copy writes the instant, as EF Core would.
            _ when underlying == typeof(DateTimeOffset) => Now.AddMinutes(index).ToOffset(TimeSpan.FromHours(2)),
            _ when underlying.IsEnum => Enum.GetValues(underlying).Cast<object>().Last(),
            _ => throw new InvalidOperationException($"No sample value for {name} ({type.Name}): add one, so this test covers the new column."),
        };
    }

    private async Task<(Guid Tenant, Guid Scan)> NewScanAsync()
    {
        var tenant = Guid.NewGuid();
        var scan = Guid.NewGuid();
        await using var db = database.CreateApplicationContext(tenant);
        db.Tenants.Add(new Tenant { Id = tenant, DisplayName = "Contoso", CreatedAt = Now });
        db.Scans.Add(new Scan { TenantId = tenant, Id = scan, RequestedBy = Guid.NewGuid(), RequestedAt = Now, Status = ScanStatus.Running });
        await db.SaveChangesAsync();
        return (tenant, scan);
    }
}

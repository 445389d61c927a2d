using System.Linq.Expressions;
using System.Reflection;
using IdentityOps.Core.Graph.Collection;
using IdentityOps.Core.Inventory;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace IdentityOps.Core.Persistence.Inventory;

/// <summary>
/// How one inventory record type is copied into its table, read from the EF Core model (the one
/// description of the schema): the table, its columns (the primary key first, in index order, then
/// the rest by name), the column that names the object a row describes, and one row's binary COPY.
/// </summary>
internal sealed class InventoryTable
{
    private readonly IReadOnlyList<InventoryColumn> columns;

    internal InventoryTable(string name, Type recordType, IReadOnlyList<InventoryColumn> columns, int keyCount, string objectIdColumn)
    {
        Name = name;
        RecordType = recordType;
        this.columns = columns;
        Columns = columns.Select(c => c.Name).ToArray();
        KeyColumns = Columns[..keyCount];
        ObjectIdColumn = objectIdColumn;
        ColumnList = string.Join(", ", Columns);
        KeyList = string.Join(", ", KeyColumns);
    }

    public string Name { get; }

    public Type RecordType { get; }

    public string[] Columns { get; }

    /// <summary>The primary key's columns, in index order.</summary>
    public string[] KeyColumns { get; }

    public string ObjectIdColumn { get; }

    public string ColumnList { get; }

    public string KeyList { get; }

    /// <summary>The record property a column holds.</summary>
    public string PropertyOf(string column) => Column(column).Property;

    /// <summary>The column of a record property, with the conversion of its values (an enum stored as text).</summary>
    public InventoryColumn ColumnOf(string property)
        => columns.SingleOrDefault(c => c.Property == property)
            ?? throw new InvalidOperationException($"{RecordType.Name}.{property} is not a column of {Name}.");

    /// <summary>Writes one row's values, in <see cref="Columns"/> order, after the importer started the row.</summary>
    public async Task WriteRowAsync(NpgsqlBinaryImporter importer, object row, CancellationToken cancellationToken)
    {
        foreach (var column in columns)
        {
            await column.Writer.WriteAsync(importer, row, cancellationToken);
        }
    }

    /// <summary>Reads one row, selected as <see cref="ColumnList"/>, back into its record (a delta merges a partial item into it).</summary>
    public object ReadRow(NpgsqlDataReader reader)
    {
        var row = Activator.CreateInstance(RecordType) ?? throw new InvalidOperationException($"{RecordType.Name} cannot be created.");
        for (var i = 0; i < columns.Count; i++)
        {
            columns[i].Reader.Read(reader, i, row);
        }

        return row;
    }

    /// <summary>A share of this table as SQL: <c>@value</c> in <see cref="TableShare.Condition"/> is <see cref="TableShare.Value"/>.</summary>
    public TableShare Share(InventoryShare share)
    {
        if (share.Property is null)
        {
            return new TableShare(this, null, string.Empty);
        }

        var column = ColumnOf(share.Property);
        return new TableShare(this, column.Name, column.ToProvider(share.Value) ?? throw new InvalidOperationException($"A share of {Name} needs a value for {column.Name}."));
    }

    private InventoryColumn Column(string name)
        => columns.SingleOrDefault(c => c.Name == name) ?? throw new InvalidOperationException($"{name} is not a column of {Name}.");
}

/// <summary>The rows of one table that an <see cref="InventoryShare"/> names, in SQL.</summary>
internal sealed record TableShare(InventoryTable Table, string? Column, object Value)
{
    public string Condition => Column is null ? "true" : $"{Column} = @value";
}

/// <summary>One mapped property: its column, its PostgreSQL type, and how its value is written.</summary>
internal sealed record InventoryColumn(string Name, string Property, NpgsqlDbType Type, Func<object?, object?> ToProvider, IColumnWriter Writer, IColumnReader Reader);

/// <summary>Reads one column of a row back into its record property.</summary>
internal interface IColumnReader
{
    void Read(NpgsqlDataReader reader, int ordinal, object row);
}

/// <summary>Reads a stored value as its provider type, converts it back and sets the record property (init-only setters included).</summary>
internal sealed class ColumnReader<TStored>(PropertyInfo property, Func<object?, object?> fromProvider) : IColumnReader
{
    public void Read(NpgsqlDataReader reader, int ordinal, object row)
        => property.SetValue(row, reader.IsDBNull(ordinal) ? null : fromProvider(reader.GetFieldValue<TStored>(ordinal)));
}

/// <summary>Writes one column of a row into a binary COPY.</summary>
internal interface IColumnWriter
{
    Task WriteAsync(NpgsqlBinaryImporter importer, object row, CancellationToken cancellationToken);
}

/// <summary>The inventory tables a scan fills, derived once from the EF Core model, so the writer, the delta baseline and the model agree.</summary>
internal static class InventoryTables
{
    // The record types a scan's collections write, each with the property that names the object a row
    // describes (what a delta removes by). Everything else (table, columns, key, types) is the model's.
    private static readonly (Type Record, string ObjectId)[] Records =
    [
        (typeof(ApplicationRecord), nameof(ApplicationRecord.ObjectId)),
        (typeof(ServicePrincipalRecord), nameof(ServicePrincipalRecord.ObjectId)),
        (typeof(CredentialRecord), nameof(CredentialRecord.OwnerObjectId)),
        (typeof(OwnerRecord), nameof(OwnerRecord.OwnedObjectId)),
        (typeof(DelegatedGrantRecord), nameof(DelegatedGrantRecord.GrantId)),
        (typeof(AppRoleAssignmentRecord), nameof(AppRoleAssignmentRecord.AssignmentId)),
        (typeof(RoleDefinitionRecord), nameof(RoleDefinitionRecord.RoleDefinitionId)),
        (typeof(RoleAssignmentRecord), nameof(RoleAssignmentRecord.AssignmentId)),
        (typeof(UserRecord), nameof(UserRecord.ObjectId)),
        (typeof(SignInDailySummary), nameof(SignInDailySummary.UserId)),
        (typeof(MfaRegistrationRecord), nameof(MfaRegistrationRecord.UserId)),
        (typeof(TenantPolicyRecord), nameof(TenantPolicyRecord.PolicyId)),
        (typeof(AppSignInActivityRecord), nameof(AppSignInActivityRecord.AppId)),
        (typeof(FederatedCredentialRecord), nameof(FederatedCredentialRecord.ApplicationObjectId)),
        (typeof(GroupMemberRecord), nameof(GroupMemberRecord.GroupId)),
        (typeof(RoleScheduleRecord), nameof(RoleScheduleRecord.ScheduleId)),
    ];

    private static readonly Lazy<IReadOnlyList<InventoryTable>> Tables = new(() => Derive(LoadModel()));

    public static IReadOnlyList<InventoryTable> All => Tables.Value;

    public static InventoryTable For<T>() => For(typeof(T));

    public static InventoryTable For(Type recordType)
        => All.SingleOrDefault(t => t.RecordType == recordType) ?? throw new InvalidOperationException($"{recordType.Name} is not an inventory record.");

    /// <summary>The tables of the given model; every mapped property of each record type becomes a copied column.</summary>
    internal static IReadOnlyList<InventoryTable> Derive(IModel model)
        => Records.Select(r => Derive(model, r.Record, r.ObjectId)).ToList();

    private static IModel LoadModel()
    {
        // The model as the application configures it; building it never opens a connection.
        using var db = new DesignTimeDbContextFactory().CreateDbContext([]);
        return db.Model;
    }

    private static InventoryTable Derive(IModel model, Type recordType, string objectIdProperty)
    {
        var entity = model.FindEntityType(recordType) ?? throw new InvalidOperationException($"{recordType.Name} is not in the model.");
        var name = entity.GetTableName() ?? throw new InvalidOperationException($"{recordType.Name} is not mapped to a table.");
        var table = StoreObjectIdentifier.Table(name, entity.GetSchema());
        var key = entity.FindPrimaryKey()?.Properties ?? throw new InvalidOperationException($"{name} has no primary key.");
        var properties = key.Concat(entity.GetProperties().Except(key).OrderBy(p => p.GetColumnName(table), StringComparer.Ordinal)).ToList();
        var columns = properties.Select(p => Column(p, table)).ToList();
        var objectId = columns.SingleOrDefault(c => c.Property == objectIdProperty) ?? throw new InvalidOperationException($"{recordType.Name}.{objectIdProperty} is not a column of {name}.");
        return new InventoryTable(name, recordType, columns, key.Count, objectId.Name);
    }

    private static InventoryColumn Column(IProperty property, StoreObjectIdentifier table)
    {
        var name = property.GetColumnName(table) ?? throw new InvalidOperationException($"{property.DeclaringType.DisplayName()}.{property.Name} has no column.");
        var member = property.PropertyInfo ?? throw new InvalidOperationException($"{property.DeclaringType.DisplayName()}.{property.Name} is not a CLR property; the COPY reads record properties only.");
        var mapping = property.GetRelationalTypeMapping();
        var converter = mapping.Converter;
        var type = NpgsqlTypeOf(mapping, name);

        // row => Prepare(convert(((TRecord)row).Property)), compiled once: no reflection per row.
        var row = Expression.Parameter(typeof(object), "row");
        Expression value = Expression.Property(Expression.Convert(row, member.DeclaringType!), member);
        if (converter is not null)
        {
            var toProvider = converter.ConvertToProviderExpression;
            value = Expression.Invoke(toProvider, Expression.Convert(value, toProvider.Parameters[0].Type));
        }

        value = ColumnValues.Prepare(value, type);
        Func<object?, object?> toStored = converter is null ? v => v : converter.ConvertToProvider;
        Func<object?, object?> fromStored = converter is null ? v => v : converter.ConvertFromProvider;
        var storedType = converter?.ProviderClrType ?? property.ClrType;
        var reader = (IColumnReader)Activator.CreateInstance(typeof(ColumnReader<>).MakeGenericType(Nullable.GetUnderlyingType(storedType) ?? storedType), member, fromStored)!;
        return new InventoryColumn(name, property.Name, type, toStored, ColumnValues.Writer(row, value, type), reader);
    }

    /// <summary>The Npgsql type EF Core gives a parameter of this column (the mapping configures it, or Npgsql infers it from the mapping's DbType).</summary>
    private static NpgsqlDbType NpgsqlTypeOf(RelationalTypeMapping mapping, string column)
    {
        using var command = new NpgsqlCommand();
        var parameter = (NpgsqlParameter)mapping.CreateParameter(command, "p", null, nullable: true);
        return parameter.NpgsqlDbType is var type and not NpgsqlDbType.Unknown
            ? type
            : throw new InvalidOperationException($"Column {column} ({mapping.StoreType}) has no Npgsql type the COPY can write.");
    }
}

/// <summary>Builds the per-column writers and the value preparation PostgreSQL needs.</summary>
internal static class ColumnValues
{
    /// <summary>
    /// Adds what PostgreSQL needs to a value before it is written. Text cannot hold U+0000, and one such
    /// character in a display name would fail the whole scan: it is stored as U+FFFD, visibly replaced;
    /// every other character is kept as Graph sent it. In JSON the character arrives escaped, and jsonb
    /// refuses the escape as well. A <c>timestamptz</c> is written in UTC (Npgsql refuses other offsets).
    /// </summary>
    public static Expression Prepare(Expression value, NpgsqlDbType type)
    {
        var name = value.Type == typeof(string) ? (type == NpgsqlDbType.Jsonb ? nameof(WithoutNulInJson) : nameof(WithoutNulOrNull))
            : value.Type == typeof(string[]) ? nameof(WithoutNulInAll)
            : value.Type == typeof(DateTimeOffset) ? nameof(ToUtc)
            : value.Type == typeof(DateTimeOffset?) ? nameof(ToUtcOrNull)
            : null;
        return name is null ? value : Expression.Call(typeof(ColumnValues).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!, value);
    }

    public static IColumnWriter Writer(ParameterExpression row, Expression value, NpgsqlDbType type)
    {
        var valueType = value.Type;
        var underlying = Nullable.GetUnderlyingType(valueType);
        var writerType = underlying is not null ? typeof(NullableColumnWriter<>).MakeGenericType(underlying)
            : valueType.IsValueType ? typeof(ValueColumnWriter<>).MakeGenericType(valueType)
            : typeof(ReferenceColumnWriter<>).MakeGenericType(valueType);
        var getter = Expression.Lambda(typeof(Func<,>).MakeGenericType(typeof(object), valueType), value, row).Compile();
        return (IColumnWriter)Activator.CreateInstance(writerType, getter, type)!;
    }

    internal static string WithoutNul(string value) => value.Contains('\0', StringComparison.Ordinal) ? value.Replace('\0', '\uFFFD') : value;

    private static string? WithoutNulOrNull(string? value) => value is null ? null : WithoutNul(value);

    private static string[]? WithoutNulInAll(string[]? values) => values?.Select(WithoutNul).ToArray();

    private static string? WithoutNulInJson(string? json) => json?.Replace("\\u0000", "\\uFFFD", StringComparison.OrdinalIgnoreCase);

    private static DateTimeOffset ToUtc(DateTimeOffset value) => value.ToUniversalTime();

    private static DateTimeOffset? ToUtcOrNull(DateTimeOffset? value) => value?.ToUniversalTime();

    private sealed class ValueColumnWriter<T>(Func<object, T> get, NpgsqlDbType type) : IColumnWriter
        where T : struct
    {
        public Task WriteAsync(NpgsqlBinaryImporter importer, object row, CancellationToken cancellationToken)
            => importer.WriteAsync(get(row), type, cancellationToken);
    }

    private sealed class NullableColumnWriter<T>(Func<object, T?> get, NpgsqlDbType type) : IColumnWriter
        where T : struct
    {
        public Task WriteAsync(NpgsqlBinaryImporter importer, object row, CancellationToken cancellationToken)
            => get(row) is { } value ? importer.WriteAsync(value, type, cancellationToken) : importer.WriteNullAsync(cancellationToken);
    }

    private sealed class ReferenceColumnWriter<T>(Func<object, T?> get, NpgsqlDbType type) : IColumnWriter
        where T : class
    {
        public Task WriteAsync(NpgsqlBinaryImporter importer, object row, CancellationToken cancellationToken)
            => get(row) is { } value ? importer.WriteAsync(value, type, cancellationToken) : importer.WriteNullAsync(cancellationToken);
    }
}

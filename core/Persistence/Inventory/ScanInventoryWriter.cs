using IdentityOps.Core.Graph.Collection;
using IdentityOps.Core.Tenancy;
using Npgsql;

namespace IdentityOps.Core.Persistence.Inventory;

/// <summary>
/// Writes one scan's inventory inside one transaction on one connection. Rows stream in with
/// binary COPY to session temp tables (COPY FROM cannot target a table under row-level security)
/// and move on to the real tables with <c>INSERT … SELECT</c>, which RLS checks like any insert,
/// when the collection that wrote them is done (<see cref="PublishAsync"/>), so the move overlaps
/// the other collections' reads and Graph's throttling instead of following them. Nothing is
/// visible to anyone else until <see cref="CompleteAsync"/> commits; a failed or cancelled scan
/// rolls back and leaves nothing behind. Every operation below (count, clear, remove) sees both the
/// rows still waiting and those already moved. The scan's collections see it as their
/// <see cref="IInventorySink"/>; its tables, columns and row writers come from the EF Core model
/// (<see cref="InventoryTables"/>).
/// </summary>
public sealed class ScanInventoryWriter : IInventorySink, IAsyncDisposable
{
    private readonly NpgsqlConnection connection;
    private readonly NpgsqlTransaction transaction;
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly HashSet<string> waiting = new(StringComparer.Ordinal);
    private readonly HashSet<string> published = new(StringComparer.Ordinal);
    private bool completed;

    private ScanInventoryWriter(Guid tenantId, Guid scanId, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        TenantId = tenantId;
        ScanId = scanId;
        this.connection = connection;
        this.transaction = transaction;
    }

    public Guid TenantId { get; }
    public Guid ScanId { get; }

    public static Task<ScanInventoryWriter> BeginAsync(NpgsqlDataSource dataSource, Guid tenantId, Guid scanId, CancellationToken cancellationToken)
        => BeginAsync(dataSource, tenantId, scanId, resuming: false, cancellationToken);

    /// <param name="resuming">
    /// The scan resumes from a checkpoint, so its completed collections' rows are already in the tables: every move
    /// keeps rows already there (<c>ON CONFLICT DO NOTHING</c>) instead of assuming the table holds nothing of the scan.
    /// </param>
    public static async Task<ScanInventoryWriter> BeginAsync(NpgsqlDataSource dataSource, Guid tenantId, Guid scanId, bool resuming, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await TenantSetting.ApplyAsync(connection, transaction, tenantId, cancellationToken);
            foreach (var table in InventoryTables.All)
            {
                await using var create = new NpgsqlCommand($"CREATE TEMP TABLE tmp_{table.Name} (LIKE {table.Name}) ON COMMIT DROP", connection, transaction);
                await create.ExecuteNonQueryAsync(cancellationToken);
            }

            var writer = new ScanInventoryWriter(tenantId, scanId, connection, transaction);
            if (resuming)
            {
                writer.published.UnionWith(InventoryTables.All.Select(t => t.Name));
            }

            return writer;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Appends rows of one record type. Safe to call from concurrent collections.</summary>
    public Task WriteAsync<T>(IReadOnlyCollection<T> rows, CancellationToken cancellationToken)
        where T : class, ITenantOwned
    {
        if (rows.Count == 0)
        {
            return Task.CompletedTask;
        }

        var table = InventoryTables.For<T>();
        return LockedAsync(async ct =>
        {
            await using (var importer = await connection.BeginBinaryImportAsync($"COPY tmp_{table.Name} ({table.ColumnList}) FROM STDIN (FORMAT BINARY)", ct))
            {
                foreach (var row in rows)
                {
                    if (row.TenantId != TenantId)
                    {
                        throw new TenantIsolationException($"A {typeof(T).Name} of another tenant reached this tenant's scan.");
                    }

                    await importer.StartRowAsync(ct);
                    await table.WriteRowAsync(importer, row, ct);
                }

                await importer.CompleteAsync(ct);
            }

            waiting.Add(table.Name);
        }, cancellationToken);
    }

    /// <summary>
    /// Starts a collection from a previous scan's rows (for delta queries): copies a share of them
    /// under this scan's id, server-side, so only the changes need to be read from Graph.
    /// </summary>
    public Task CopyBaselineAsync(InventoryShare share, Guid previousScanId, CancellationToken cancellationToken)
        => LockedAsync(async ct =>
        {
            var shared = InventoryTables.For(share.RecordType).Share(share);
            var table = shared.Table;
            var selectList = string.Join(", ", table.Columns.Select(c => c == "scan_id" ? "@scan" : c));
            await using var command = Command(
                $"INSERT INTO tmp_{table.Name} ({table.ColumnList}) SELECT {selectList} FROM {table.Name} WHERE tenant_id = @tenant AND scan_id = @previous AND {shared.Condition}");
            command.Parameters.AddWithValue("previous", previousScanId);
            command.Parameters.AddWithValue("value", shared.Value);
            await command.ExecuteNonQueryAsync(ct);
            waiting.Add(table.Name);
        }, cancellationToken);

    /// <summary>Rows of one record type collected so far in this scan.</summary>
    public Task<long> CountAsync<T>(CancellationToken cancellationToken)
        where T : class, ITenantOwned
    {
        var table = InventoryTables.For<T>();
        return LockedAsync(async ct =>
        {
            await using var command = Command(
                $"SELECT (SELECT count(*) FROM tmp_{table.Name}) + (SELECT count(*) FROM {table.Name} WHERE tenant_id = @tenant AND scan_id = @scan)");
            return (long)(await command.ExecuteScalarAsync(ct))!;
        }, cancellationToken);
    }

    /// <summary>Object ids of this scan's service principals of the given applications.</summary>
    public Task<IReadOnlyList<Guid>> ServicePrincipalIdsAsync(Guid[] appIds, CancellationToken cancellationToken)
        => LockedAsync<IReadOnlyList<Guid>>(async ct =>
        {
            await using var command = Command("""
                SELECT object_id FROM tmp_service_principals WHERE app_id = ANY(@apps)
                UNION SELECT object_id FROM service_principals WHERE tenant_id = @tenant AND scan_id = @scan AND app_id = ANY(@apps)
                ORDER BY 1
                """);
            command.Parameters.AddWithValue("apps", appIds);
            return await ReadGuidsAsync(command, ct);
        }, cancellationToken);

    /// <summary>
    /// Object ids of the users this scan found holding a privileged directory role: the principal of an
    /// assignment whose definition is marked <c>isPrivileged</c>, or a member of a group that is one.
    /// </summary>
    public Task<IReadOnlyList<Guid>> PrivilegedUserIdsAsync(CancellationToken cancellationToken)
        => LockedAsync<IReadOnlyList<Guid>>(async ct =>
        {
            await using var command = Command($"""
                WITH {ThisScan("role_definitions", "role_definition_id, is_privileged")},
                {ThisScan("role_assignments", "role_definition_id, principal_id, principal_type")},
                {ThisScan("group_members", "group_id, member_id, member_type")},
                privileged AS (
                    SELECT a.principal_id, a.principal_type FROM role_assignments_ a JOIN role_definitions_ d USING (role_definition_id) WHERE d.is_privileged)
                SELECT principal_id FROM privileged WHERE principal_type = 'user'
                UNION SELECT m.member_id FROM group_members_ m JOIN privileged p ON p.principal_id = m.group_id WHERE m.member_type = 'user'
                ORDER BY 1
                """);
            return await ReadGuidsAsync(command, ct);
        }, cancellationToken);

    /// <summary>
    /// Object ids of this scan's app registrations whose service principal holds one of the given
    /// application permissions (app role ids) or a privileged directory role.
    /// </summary>
    public Task<IReadOnlyList<Guid>> PrivilegedApplicationIdsAsync(Guid[] appRoleIds, CancellationToken cancellationToken)
        => LockedAsync<IReadOnlyList<Guid>>(async ct =>
        {
            await using var command = Command($"""
                WITH {ThisScan("role_definitions", "role_definition_id, is_privileged")},
                {ThisScan("role_assignments", "role_definition_id, principal_id")},
                {ThisScan("app_role_assignments", "app_role_id, principal_id")},
                {ThisScan("service_principals", "object_id, app_id")},
                {ThisScan("applications", "object_id, app_id")},
                privileged AS (
                    SELECT principal_id FROM app_role_assignments_ WHERE app_role_id = ANY(@roles)
                    UNION SELECT a.principal_id FROM role_assignments_ a JOIN role_definitions_ d USING (role_definition_id) WHERE d.is_privileged)
                SELECT DISTINCT app.object_id FROM applications_ app
                JOIN service_principals_ sp ON sp.app_id = app.app_id
                JOIN privileged p ON p.principal_id = sp.object_id
                ORDER BY 1
                """);
            command.Parameters.AddWithValue("roles", appRoleIds);
            return await ReadGuidsAsync(command, ct);
        }, cancellationToken);

    /// <summary>
    /// Object ids of this scan's service principals that hold one of the given application permissions (app role ids)
    /// or a privileged directory role, through their own assignment or as a member of a group that holds one.
    /// </summary>
    public Task<IReadOnlyList<Guid>> PrivilegedServicePrincipalIdsAsync(Guid[] appRoleIds, CancellationToken cancellationToken)
        => LockedAsync<IReadOnlyList<Guid>>(async ct =>
        {
            await using var command = Command($"""
                WITH {ThisScan("role_definitions", "role_definition_id, is_privileged")},
                {ThisScan("role_assignments", "role_definition_id, principal_id")},
                {ThisScan("group_members", "group_id, member_id")},
                {ThisScan("app_role_assignments", "app_role_id, principal_id")},
                {ThisScan("service_principals", "object_id")},
                roles AS (
                    SELECT a.principal_id FROM role_assignments_ a JOIN role_definitions_ d USING (role_definition_id) WHERE d.is_privileged),
                privileged AS (
                    SELECT principal_id FROM app_role_assignments_ WHERE app_role_id = ANY(@roles)
                    UNION SELECT principal_id FROM roles
                    UNION SELECT m.member_id FROM group_members_ m JOIN roles r ON r.principal_id = m.group_id)
                SELECT DISTINCT sp.object_id FROM service_principals_ sp JOIN privileged p ON p.principal_id = sp.object_id
                ORDER BY 1
                """);
            command.Parameters.AddWithValue("roles", appRoleIds);
            return await ReadGuidsAsync(command, ct);
        }, cancellationToken);

    /// <summary>
    /// A common table expression <c>{table}_</c> with this scan's rows of a table, those still waiting in
    /// its temp table and those already moved: a collection reads what the ones before it wrote either way.
    /// </summary>
    private static string ThisScan(string table, string columns)
        => $"{table}_ AS (SELECT {columns} FROM tmp_{table} UNION ALL SELECT {columns} FROM {table} WHERE tenant_id = @tenant AND scan_id = @scan)";

    /// <summary>This scan's rows of a record type whose object id is in <paramref name="objectIds"/>: those still waiting and those already moved.</summary>
    public Task<IReadOnlyList<T>> ReadAsync<T>(IReadOnlyCollection<Guid> objectIds, CancellationToken cancellationToken)
        where T : class, ITenantOwned
        => SelectAsync<T>(objectIds.ToArray(), objectIds.Count, cancellationToken);

    /// <summary>This scan's rows of a record type whose text key (grant ids) is in <paramref name="keys"/>.</summary>
    public Task<IReadOnlyList<T>> ReadByKeyAsync<T>(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
        where T : class, ITenantOwned
        => SelectAsync<T>(keys.ToArray(), keys.Count, cancellationToken);

    private async Task<IReadOnlyList<T>> SelectAsync<T>(object values, int count, CancellationToken cancellationToken)
        where T : class, ITenantOwned
    {
        if (count == 0)
        {
            return [];
        }

        var table = InventoryTables.For<T>();
        return await LockedAsync<IReadOnlyList<T>>(async ct =>
        {
            await using var command = Command($"""
                SELECT {table.ColumnList} FROM tmp_{table.Name} WHERE {table.ObjectIdColumn} = ANY(@value)
                UNION ALL SELECT {table.ColumnList} FROM {table.Name} WHERE tenant_id = @tenant AND scan_id = @scan AND {table.ObjectIdColumn} = ANY(@value)
                """);
            command.Parameters.AddWithValue("value", values);
            var rows = new List<T>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                rows.Add((T)table.ReadRow(reader));
            }

            return rows;
        }, cancellationToken);
    }

    /// <summary>Removes rows of a collection whose object id is in <paramref name="objectIds"/> (changed or deleted objects of a delta).</summary>
    public Task RemoveAsync<T>(IReadOnlyCollection<Guid> objectIds, CancellationToken cancellationToken)
        where T : class, ITenantOwned
    {
        var table = InventoryTables.For<T>();
        return objectIds.Count == 0 ? Task.CompletedTask : DeleteAsync(table, $"{table.ObjectIdColumn} = ANY(@value)", objectIds.ToArray(), cancellationToken);
    }

    /// <summary>Removes rows whose text key (grant ids) is in <paramref name="keys"/>.</summary>
    public Task RemoveByKeyAsync<T>(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
        where T : class, ITenantOwned
    {
        var table = InventoryTables.For<T>();
        return keys.Count == 0 ? Task.CompletedTask : DeleteAsync(table, $"{table.ObjectIdColumn} = ANY(@value)", keys.ToArray(), cancellationToken);
    }

    /// <summary>Drops whatever a collection wrote so far (its read restarts, or it became unavailable).</summary>
    public async Task ClearAsync(IReadOnlyList<InventoryShare> shares, CancellationToken cancellationToken)
    {
        foreach (var share in shares)
        {
            var shared = InventoryTables.For(share.RecordType).Share(share);
            await DeleteAsync(shared.Table, shared.Condition, shared.Value, cancellationToken);
        }
    }

    /// <summary>
    /// Moves a finished collection's rows on to the real tables. The first move into a table in a
    /// scan is a plain insert: nothing of this scan is in the table yet, and <c>DISTINCT ON</c> the
    /// primary key drops a row listed twice, so no key can collide. A later move into the same table
    /// (another collection's share, or rows written after a move) may meet rows already moved and
    /// keeps those (<c>ON CONFLICT DO NOTHING</c>, whose speculative insertion costs more per row;
    /// BENCHMARKS.md). Rows go in primary-key order, so the index grows at its right edge.
    /// Readers keep the first copy of an object listed twice before it gets here; this only makes
    /// sure a duplicate cannot fail the scan on the primary key.
    /// </summary>
    public Task PublishAsync(IReadOnlyList<InventoryShare> shares, CancellationToken cancellationToken)
        => LockedAsync(
            async ct =>
            {
                foreach (var share in shares)
                {
                    await MoveAsync(InventoryTables.For(share.RecordType).Share(share), ct);
                }
            },
            cancellationToken);

    /// <summary>
    /// Moves the remaining rows into the real tables, lets <paramref name="finish"/> record the scan's
    /// outcome in the same transaction, and commits: the scan becomes visible whole or not at all.
    /// </summary>
    public Task CompleteAsync(Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task> finish, CancellationToken cancellationToken)
        => LockedAsync(async ct =>
        {
            foreach (var table in InventoryTables.All.Where(t => waiting.Contains(t.Name)))
            {
                await MoveAsync(new TableShare(table, null, string.Empty), ct);
            }

            await finish(connection, transaction, ct);
            await transaction.CommitAsync(ct);
            completed = true;
        }, cancellationToken);

    /// <summary>
    /// Completes the scan as succeeded: once the remaining rows have moved, <paramref name="outcome"/> says what its row
    /// records, and the row and the delta links are written in the inventory's transaction.
    /// </summary>
    public Task CompleteSucceededAsync(Func<SucceededScan> outcome, CancellationToken cancellationToken)
        => CompleteAsync((connection, transaction, ct) => MarkSucceededAsync(connection, transaction, outcome(), ct), cancellationToken);

    /// <summary>Commits what was collected so far with the scan's checkpoint (JSON); the scan stays running and resumes from it.</summary>
    public Task CompleteCheckpointAsync(string checkpoint, CancellationToken cancellationToken)
        => CompleteAsync(
            async (connection, transaction, ct) =>
            {
                await using var update = new NpgsqlCommand("UPDATE scans SET checkpoint = @checkpoint::jsonb WHERE tenant_id = @tenant AND id = @scan", connection, transaction);
                update.Parameters.AddWithValue("checkpoint", checkpoint);
                update.Parameters.AddWithValue("tenant", TenantId);
                update.Parameters.AddWithValue("scan", ScanId);
                await update.ExecuteNonQueryAsync(ct);
            },
            cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (!completed)
        {
            await transaction.RollbackAsync(CancellationToken.None);
        }

        await transaction.DisposeAsync();
        await connection.DisposeAsync();
        gate.Dispose();
    }

    private async Task MarkSucceededAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, SucceededScan scan, CancellationToken cancellationToken)
    {
        await using (var update = new NpgsqlCommand(
            "UPDATE scans SET status = 'Succeeded', finished_at = @now, collection_counts = @counts::jsonb, warnings = @warnings::jsonb, unavailable = @unavailable::jsonb, error = NULL, checkpoint = NULL WHERE tenant_id = @tenant AND id = @scan",
            connection, transaction))
        {
            update.Parameters.AddWithValue("now", scan.FinishedAt);
            update.Parameters.AddWithValue("counts", scan.CollectionCounts);
            update.Parameters.AddWithValue("warnings", scan.Warnings);
            update.Parameters.AddWithValue("unavailable", scan.Unavailable);
            update.Parameters.AddWithValue("tenant", TenantId);
            update.Parameters.AddWithValue("scan", ScanId);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var (collection, link) in scan.DeltaLinks)
        {
            await using var upsert = new NpgsqlCommand(
                """
                INSERT INTO delta_links (tenant_id, collection, scan_id, link, obtained_at) VALUES (@tenant, @collection, @scan, @link, @now)
                ON CONFLICT (tenant_id, collection) DO UPDATE SET scan_id = excluded.scan_id, link = excluded.link, obtained_at = excluded.obtained_at
                """,
                connection, transaction);
            upsert.Parameters.AddWithValue("tenant", TenantId);
            upsert.Parameters.AddWithValue("collection", collection);
            upsert.Parameters.AddWithValue("scan", ScanId);
            upsert.Parameters.AddWithValue("link", link);
            upsert.Parameters.AddWithValue("now", scan.DeltaLinksObtainedAt);
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private async Task MoveAsync(TableShare share, CancellationToken cancellationToken)
    {
        var table = share.Table;
        var conflicts = published.Add(table.Name) ? string.Empty : " ON CONFLICT DO NOTHING";
        var clear = share.Column is null ? $"TRUNCATE tmp_{table.Name}" : $"DELETE FROM tmp_{table.Name} WHERE {share.Condition}";
        if (share.Column is null)
        {
            waiting.Remove(table.Name);
        }

        await using var command = Command(
            $"INSERT INTO {table.Name} ({table.ColumnList}) SELECT DISTINCT ON ({table.KeyList}) {table.ColumnList} FROM tmp_{table.Name} WHERE {share.Condition} ORDER BY {table.KeyList}{conflicts}; {clear}");
        command.Parameters.AddWithValue("value", share.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Deletes matching rows of this scan from the temp table and from the real table.</summary>
    private async Task DeleteAsync(InventoryTable table, string condition, object value, CancellationToken cancellationToken)
        => await LockedAsync(async ct =>
        {
            await using var command = Command(
                $"DELETE FROM tmp_{table.Name} WHERE {condition}; DELETE FROM {table.Name} WHERE tenant_id = @tenant AND scan_id = @scan AND {condition}");
            command.Parameters.AddWithValue("value", value);
            await command.ExecuteNonQueryAsync(ct);
        }, cancellationToken);

    private static async Task<IReadOnlyList<Guid>> ReadGuidsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    // Moving a very large collection (110,000 service principals and their credentials) can outlast
    // Npgsql's default 30 s command timeout on a busy server, which would fail a scan that is only slow;
    // the scan's own cancellation token bounds it instead.
    private static readonly int MoveTimeoutSeconds = (int)TimeSpan.FromMinutes(10).TotalSeconds;

    private NpgsqlCommand Command(string sql)
        => new(sql, connection, transaction) { CommandTimeout = MoveTimeoutSeconds, Parameters = { new("tenant", TenantId), new("scan", ScanId) } };

    // One connection serves every collection of the scan: its commands run one at a time.
    private async Task<T> LockedAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await work(cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private Task<bool> LockedAsync(Func<CancellationToken, Task> work, CancellationToken cancellationToken)
        => LockedAsync<bool>(
            async ct =>
            {
                await work(ct);
                return true;
            },
            cancellationToken);
}

/// <summary>A scan's row as it succeeded. The JSON columns hold what the scan decided to record; the delta links carry over to the next scan.</summary>
/// <param name="DeltaLinksObtainedAt">The scan time: links older than Graph keeps delta state are not used again.</param>
public sealed record SucceededScan(
    DateTimeOffset FinishedAt, string CollectionCounts, string Warnings, string Unavailable, IReadOnlyDictionary<string, string> DeltaLinks, DateTimeOffset DeltaLinksObtainedAt);

/// <summary>Opens a scan's <see cref="ScanInventoryWriter"/> on the application's connections.</summary>
public sealed class ScanInventoryWriters(NpgsqlDataSource dataSource)
{
    /// <inheritdoc cref="ScanInventoryWriter.BeginAsync(NpgsqlDataSource, Guid, Guid, bool, CancellationToken)"/>
    public Task<ScanInventoryWriter> BeginAsync(Guid tenantId, Guid scanId, bool resuming, CancellationToken cancellationToken)
        => ScanInventoryWriter.BeginAsync(dataSource, tenantId, scanId, resuming, cancellationToken);
}

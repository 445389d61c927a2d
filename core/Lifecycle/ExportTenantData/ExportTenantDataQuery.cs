using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using IdentityOps.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace IdentityOps.Core.Lifecycle.ExportTenantData;

public sealed record ExportTenantDataRequest(Guid TenantId, Guid RequestedBy);

/// <summary>
/// Everything the tenant has, as a zip of JSON files: one per tenant table (read from the catalog,
/// so a table added later is exported too), the tenant record, and a manifest with each file's row
/// count and SHA-256. Left out: the tables that hold sign-in state rather than the tenant's data
/// (sessions, the token cache and its session keys, which are capabilities, and deletion tokens),
/// and any column whose name says it holds ciphertext or a secret — tokens never leave the server.
/// Runs as the application role under the tenant's row-level security, like every other read.
/// </summary>
public sealed class ExportTenantDataQuery(IdentityOpsDbContext db, TimeProvider time)
{
    private static readonly JsonSerializerOptions ManifestJson = new() { WriteIndented = true };

    private static readonly string[] SignInStateTables = ["server_sessions", "token_cache_entries", "tenant_deletion_confirmations"];

    public Task WriteAsync(ExportTenantDataRequest request, Stream destination, CancellationToken cancellationToken)
    {
        return db.InTenantTransactionAsync(
            request.TenantId,
            async ct =>
            {
                var connection = (NpgsqlConnection)db.Database.GetDbConnection();
                var transaction = (NpgsqlTransaction)db.Database.CurrentTransaction!.GetDbTransaction();
                var tables = await ExportableColumnsAsync(connection, transaction, ct);
                var manifest = new List<object>();
                using var zip = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true);
                await AddAsync(zip, manifest, "tenants", $"SELECT COALESCE(json_agg(t), '[]') FROM (SELECT * FROM tenants WHERE id = @tenant) t", connection, transaction, request.TenantId, ct);
                foreach (var (table, columns) in tables)
                {
                    var select = string.Join(", ", columns.Select(c => $"\"{c}\""));
                    await AddAsync(zip, manifest, table, $"SELECT COALESCE(json_agg(t), '[]') FROM (SELECT {select} FROM \"{table}\" WHERE tenant_id = @tenant) t", connection, transaction, request.TenantId, ct);
                }

                var summary = new { format = "identityops-export/1.0", tenantId = request.TenantId, exportedAt = time.GetUtcNow(), files = manifest };
                await WriteEntryAsync(zip, "manifest.json", JsonSerializer.SerializeToUtf8Bytes(summary, ManifestJson), ct);
            },
            cancellationToken);
    }

    private static async Task AddAsync(ZipArchive zip, List<object> manifest, string table, string sql, NpgsqlConnection connection, NpgsqlTransaction transaction, Guid tenantId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("tenant", tenantId);
        var json = (string)(await command.ExecuteScalarAsync(cancellationToken))!;
        var bytes = Encoding.UTF8.GetBytes(json);
        using var rows = JsonDocument.Parse(bytes);
        var file = $"{table}.json";
        await WriteEntryAsync(zip, file, bytes, cancellationToken);
        manifest.Add(new { file, rows = rows.RootElement.GetArrayLength(), sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)) });
    }

    private static async Task WriteEntryAsync(ZipArchive zip, string name, byte[] content, CancellationToken cancellationToken)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        await using var stream = entry.Open();
        await stream.WriteAsync(content, cancellationToken);
    }

    /// <summary>Each exported tenant table with its exported columns, in column order.</summary>
    private static async Task<IReadOnlyList<(string Table, IReadOnlyList<string> Columns)>> ExportableColumnsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT c.relname, a.attname
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
              AND EXISTS (SELECT 1 FROM pg_attribute t WHERE t.attrelid = c.oid AND t.attname = 'tenant_id' AND NOT t.attisdropped)
              AND c.relname <> ALL(@excluded)
              AND a.attname !~ '(protected|secret|cipher)'
            ORDER BY c.relname, a.attnum
            """, connection, transaction);
        command.Parameters.AddWithValue("excluded", SignInStateTables);
        var columns = new List<(string Table, string Column)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                columns.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        return columns.GroupBy(c => c.Table, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<string>)g.Select(c => c.Column).ToList()))
            .ToList();
    }
}

using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Persistence.Lifecycle;

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

    // A column whose name says it holds ciphertext or a secret (a regular expression, matched against column names).
    private const string SecretColumns = "(protected|secret|cipher)";

    public Task WriteAsync(ExportTenantDataRequest request, Stream destination, CancellationToken cancellationToken)
    {
        return db.InTenantTransactionAsync(
            request.TenantId,
            async ct =>
            {
                var tables = await db.TenantTablesAsync(SignInStateTables, SecretColumns, ct);
                var manifest = new List<object>();
                using var zip = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true);
                await AddAsync(zip, manifest, "tenants", await db.TenantRowAsJsonAsync(request.TenantId, ct), ct);
                foreach (var (table, columns) in tables)
                {
                    await AddAsync(zip, manifest, table, await db.RowsAsJsonAsync(table, columns, request.TenantId, ct), ct);
                }

                var summary = new { format = "identityops-export/1.0", tenantId = request.TenantId, exportedAt = time.GetUtcNow(), files = manifest };
                await WriteEntryAsync(zip, "manifest.json", JsonSerializer.SerializeToUtf8Bytes(summary, ManifestJson), ct);
            },
            cancellationToken);
    }

    private static async Task AddAsync(ZipArchive zip, List<object> manifest, string table, string json, CancellationToken cancellationToken)
    {
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
}

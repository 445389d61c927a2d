using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using IdentityOps.Core.Audit;
using IdentityOps.Core.Audit.AnchorAuditHeads;
using IdentityOps.Core.Audit.Anchors;
using IdentityOps.Core.Audit.Export;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Persistence.Lifecycle;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Core.Lifecycle.ExportTenantData;

public sealed record ExportTenantDataRequest(Guid TenantId, Guid RequestedBy);

/// <summary>
/// Everything the tenant has, as a zip of JSON files: one per tenant table (read from the catalog,
/// so a table added later is exported too), the tenant record, the audit trail with its signed heads
/// and the public key to verify them offline (<see cref="AuditExportBundle"/>), and a manifest with
/// each file's SHA-256. Left out: the tables that hold sign-in state rather than the tenant's data
/// (sessions, the token cache and its session keys, which are capabilities, and deletion tokens),
/// and any column whose name says it holds ciphertext or a secret — tokens never leave the server.
/// Runs as the application role under the tenant's row-level security, like every other read.
/// An export takes the tenant's data out, so it is audited: one <c>tenant.exported</c> event naming
/// who and which export, written first in the same transaction, so the archive carries its own record.
/// A process that holds the signing key then anchors (and publishes) the head, so the export carries
/// a signed head covering every event in it, its own included; one without it exports the heads
/// anchored so far.
/// </summary>
public sealed class ExportTenantDataQuery(
    IdentityOpsDbContext db,
    TenantAuditTrail audit,
    AnchorTenantAuditHeadCommand anchorHead,
    AuditHeadKeySource keys,
    IEnumerable<IAuditHeadStore> headStores,
    TimeProvider time)
{
    public const string Format = "identityops-export/1.1";

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
                var exportId = Guid.NewGuid();
                await audit.AppendAsync(new AuditEntry($"user:{request.RequestedBy:D}", "tenant.exported", $"export:{exportId:D} (all tenant data)", "succeeded", "web"), ct);
                await anchorHead.AnchorAsync(ct);

                var tables = await db.TenantTablesAsync(SignInStateTables, SecretColumns, ct);
                var manifest = new List<object>();
                using var zip = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true);
                await AddAsync(zip, manifest, "tenants", await db.TenantRowAsJsonAsync(request.TenantId, ct), ct);
                foreach (var (table, columns) in tables)
                {
                    await AddAsync(zip, manifest, table, await db.RowsAsJsonAsync(table, columns, request.TenantId, ct), ct);
                }

                foreach (var (name, content) in await AuditBundleAsync(request.TenantId, ct))
                {
                    await WriteEntryAsync(zip, name, content, ct);
                    manifest.Add(new { file = name, sha256 = Convert.ToHexStringLower(SHA256.HashData(content)) });
                }

                var summary = new { format = Format, exportId, tenantId = request.TenantId, exportedAt = time.GetUtcNow(), files = manifest };
                await WriteEntryAsync(zip, "manifest.json", JsonSerializer.SerializeToUtf8Bytes(summary, ManifestJson), ct);
            },
            cancellationToken);
    }

    private async Task<IReadOnlyList<(string Name, byte[] Content)>> AuditBundleAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var chain = AuditHashing.TenantChain(tenantId);
        var links = await db.AuditEvents.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
        var heads = (await db.AuditAnchors.AsNoTracking().ToListAsync(cancellationToken)).Select(a => SignedAuditHead.From(chain, a)).ToList();
        foreach (var store in headStores)
        {
            if (await store.LatestAsync(chain, cancellationToken) is { } published)
            {
                heads.Add(published);
            }
        }

        return AuditExportBundle.Create(chain, links, heads, keys.PublicKey);
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

using System.Text.Json;
using System.Text.Json.Nodes;

namespace IdentityOps.Emulator.Synthetic;

/// <summary>
/// A generated tenant: Microsoft Graph v1.0 response bodies keyed by the relative path of their URL
/// plus ".json", and the risks planted in them.
/// </summary>
public sealed class SyntheticTenant
{
    private readonly SnapshotFileDictionary files;

    internal SyntheticTenant(SyntheticTenantSpec spec, Guid tenantId, SortedDictionary<string, SnapshotFile> files, IReadOnlyList<PlantedRisk> plantedRisks, SyntheticCleanSamples cleanSamples)
    {
        Spec = spec;
        TenantId = tenantId;
        this.files = new SnapshotFileDictionary(files);
        PlantedRisks = plantedRisks;
        CleanSamples = cleanSamples;
    }

    public SyntheticTenantSpec Spec { get; }

    /// <summary>The tenant id derived from the seed (also the id in <c>organization.json</c>).</summary>
    public Guid TenantId { get; }

    /// <summary>
    /// Snapshot files keyed by relative path with forward slashes ("applications.json",
    /// "servicePrincipals/{id}/appRoleAssignedTo.json", ...), in ordinal key order. A collection file
    /// is <c>{"value":[...]}</c>; a singleton is the object itself.
    /// </summary>
    /// <remarks>
    /// A file is held as its UTF-8 bytes until its node is first read; the node is then parsed once and
    /// kept (so a Large tenant that is only written to disk never parses its 250 MB sign-in log). Like
    /// any <see cref="JsonNode"/>, a node is not safe for concurrent use: a server answering requests
    /// in parallel should read each file once, or serve the bytes <see cref="WriteSnapshotAsync"/> writes.
    /// </remarks>
    public IReadOnlyDictionary<string, JsonNode> Files => files;

    /// <summary>Every planted (risk, object) pair once, ordered as <see cref="PlantedRiskIds.All"/>.</summary>
    public IReadOnlyList<PlantedRisk> PlantedRisks { get; }

    /// <summary>Objects that carry no risk at all, for tests that check rules stay quiet on clean data.</summary>
    internal SyntheticCleanSamples CleanSamples { get; }

    /// <summary>The exact bytes <see cref="WriteSnapshotAsync"/> writes for a file: compact UTF-8 JSON without a byte order mark.</summary>
    public static byte[] Serialize(JsonNode file)
    {
        ArgumentNullException.ThrowIfNull(file);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, SyntheticJson.WriterOptions))
        {
            file.WriteTo(writer);
        }

        return stream.ToArray();
    }

    /// <summary>Writes one file per key under <paramref name="directory"/>, creating subfolders; existing files are overwritten.</summary>
    public async Task WriteSnapshotAsync(string directory, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var root = Path.GetFullPath(directory);
        foreach (var (key, file) in files.Files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = Path.GetFullPath(Path.Combine(root, key.Replace('/', Path.DirectorySeparatorChar)));
            if (!path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Snapshot key '{key}' resolves outside the snapshot directory.");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, file.ToUtf8(), cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>Ids of objects generated to be clean: a user, an app registration and its service principal.</summary>
internal sealed record SyntheticCleanSamples(Guid UserId, Guid ApplicationId, Guid ServicePrincipalId);

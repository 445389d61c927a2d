using IdentityOps.Core.Graph;

namespace IdentityOps.Core.Trust.Checks;

/// <summary>The Microsoft Graph delegated permission ids, copied with their source into Reference/.</summary>
public static class GraphPermissionIds
{
    /// <summary>Permission name → id, from the embedded copy of the reference list.</summary>
    public static IReadOnlyDictionary<string, Guid> Delegated { get; } = Load();

    private static Dictionary<string, Guid> Load()
    {
        using var stream = typeof(GraphPermissionIds).Assembly.GetManifestResourceStream("IdentityOps.Core.Trust.Reference.graph-delegated-permission-ids.tsv")
            ?? throw new InvalidOperationException("The Graph permission id list is not embedded.");
        using var reader = new StreamReader(stream);
        var ids = new Dictionary<string, Guid>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var fields = line.Split('\t');
            if (line.StartsWith('#') || fields.Length < 3 || !Guid.TryParse(fields[2], out var id))
            {
                continue;
            }

            ids[fields[0]] = id;
        }

        return ids;
    }
}

/// <summary>Read-only Graph: every configured scope is a known permission that cannot write; the guard refuses any other request.</summary>
public sealed class ReadOnlyGraphCheck : ITrustCheck
{
    public string ClaimId => TrustClaimIds.ReadOnlyGraph;

    public Task<TrustCheckResult> EvaluateAsync(CancellationToken cancellationToken)
        => Task.FromResult(Evaluate(GraphScopes.Delegated));

    public static TrustCheckResult Evaluate(IReadOnlyList<string> scopes)
    {
        var unknown = scopes.Where(s => !GraphPermissionIds.Delegated.ContainsKey(s)).ToList();
        var writing = scopes.Where(GraphScopes.IsWriteCapable).ToList();
        var listed = string.Join(", ", scopes.Select(s => GraphPermissionIds.Delegated.TryGetValue(s, out var id) ? $"{s} ({id:D})" : s));
        if (writing.Count > 0)
        {
            return TrustCheckResult.Failing($"configured Graph scopes that can write: {string.Join(", ", writing)}");
        }

        if (unknown.Count > 0)
        {
            return TrustCheckResult.Failing($"configured Graph scopes not in the permission id list: {string.Join(", ", unknown)}");
        }

        return TrustCheckResult.Met($"configured Graph scopes: {listed} (none writes); every request but GET and an all-GET $batch is refused before it is sent");
    }
}

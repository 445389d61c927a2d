using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IdentityOps.Core.Tests.Graph.DocsExamples;

/// <summary>One textual repair that makes a docs example parseable; applied exactly <see cref="Count"/> times.</summary>
internal sealed record DocsExampleFix(string Find, string Replace, int Count, string Why);

/// <summary>One example response from Microsoft's Graph API reference and where the emulator serves it (manifest.json).</summary>
internal sealed record DocsExample(
    string File, string Page, string Commit, string Example, string Endpoint, string Reader,
    string Shape, string Serve, string? Item, string? Property, IReadOnlyList<DocsExampleFix> Fixes);

/// <summary>
/// Microsoft's own example responses (microsoftgraph/microsoft-graph-docs-contrib) as a tenant the emulator serves.
/// The response files are verbatim copies; the only changes are the manifest's recorded fixes, applied here.
/// </summary>
internal static class DocsExampleCorpus
{
    private static readonly JsonSerializerOptions ManifestOptions = new() { PropertyNameCaseInsensitive = true };

    /// <summary>The tenant id: the id of organization-list.md's only organization.</summary>
    public static readonly Guid TenantId = Guid.Parse("84841066-274d-4ec0-a5c1-276be684bdd3");

    public static string Folder { get; } = FolderOfThisFile();

    public static IReadOnlyList<DocsExample> Examples()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "manifest.json")));
        return manifest.RootElement.GetProperty("examples").Deserialize<List<DocsExample>>(ManifestOptions)
            ?? throw new InvalidOperationException("manifest.json has no examples.");
    }

    public static string RawText(DocsExample example) => File.ReadAllText(Path.Combine(Folder, "responses", example.File));

    /// <summary>The example as JSON after its recorded fixes; a fix that does not match exactly as often as recorded throws.</summary>
    public static JsonNode Parse(DocsExample example)
    {
        var text = RawText(example);
        foreach (var fix in example.Fixes)
        {
            var found = Occurrences(text, fix.Find);
            if (found != fix.Count)
            {
                throw new InvalidOperationException($"{example.File}: fix '{fix.Find}' matches {found} time(s), the manifest records {fix.Count}.");
            }

            text = text.Replace(fix.Find, fix.Replace, StringComparison.Ordinal);
        }

        return JsonNode.Parse(text) ?? throw new InvalidOperationException($"{example.File} is JSON null.");
    }

    /// <summary>The corpus as emulator snapshot files (URL path + ".json"), composed as the manifest's shapes say.</summary>
    public static Dictionary<string, JsonNode> SnapshotFiles()
    {
        var collections = new Dictionary<string, JsonArray>(StringComparer.OrdinalIgnoreCase);
        var singletons = new Dictionary<string, JsonNode>(StringComparer.OrdinalIgnoreCase);
        var examples = Examples();

        // Inline navigations attach to items, so every item is placed first.
        foreach (var example in examples.OrderBy(e => e.Shape == "inline" ? 1 : 0))
        {
            var body = Parse(example);
            switch (example.Shape)
            {
                case "collection":
                    foreach (var item in body["value"]!.AsArray())
                    {
                        CollectionAt(collections, example.Serve).Add(item?.DeepClone());
                    }

                    break;
                case "entity":
                    var entity = body.AsObject();
                    entity.Remove("@odata.context");
                    CollectionAt(collections, example.Serve).Add(entity.DeepClone());
                    break;
                case "singleton":
                    singletons[example.Serve] = body;
                    break;
                case "inline":
                    var owner = CollectionAt(collections, example.Serve)
                        .OfType<JsonObject>()
                        .Single(item => (string?)item["id"] == example.Item);
                    owner[example.Property!] = body["value"]!.DeepClone();
                    break;
                default:
                    throw new InvalidOperationException($"{example.File}: unknown shape '{example.Shape}'.");
            }
        }

        var files = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var (path, items) in collections)
        {
            files[path + ".json"] = new JsonObject { ["value"] = items };
        }

        foreach (var (path, body) in singletons)
        {
            files[path + ".json"] = body;
        }

        return files;
    }

    /// <summary>How many objects each served collection holds, keyed by its path.</summary>
    public static IReadOnlyDictionary<string, int> ServedCounts() =>
        SnapshotFiles()
            .Where(file => file.Value is JsonObject obj && obj["value"] is JsonArray)
            .ToDictionary(file => file.Key[..^".json".Length], file => file.Value["value"]!.AsArray().Count, StringComparer.Ordinal);

    private static JsonArray CollectionAt(Dictionary<string, JsonArray> collections, string path)
    {
        if (!collections.TryGetValue(path, out var items))
        {
            items = [];
            collections[path] = items;
        }

        return items;
    }

    private static int Occurrences(string text, string find)
    {
        var count = 0;
        for (var at = text.IndexOf(find, StringComparison.Ordinal); at >= 0; at = text.IndexOf(find, at + find.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static string FolderOfThisFile([CallerFilePath] string source = "") => Path.GetDirectoryName(source)!;
}

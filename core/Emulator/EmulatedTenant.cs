using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IdentityOps.Emulator;

/// <summary>
/// In-memory tenant data served by the emulator. Keys are Graph v1.0 URL paths relative to /v1.0/ without a leading
/// slash, matched case-insensitively like Graph matches its paths.
/// </summary>
public sealed class EmulatedTenant
{
    private static readonly Guid FallbackTenantId = new("0785ef7c-2d7a-4542-b048-95bcab406e0b");

    private readonly ConcurrentDictionary<string, TenantResource> _resources = new(StringComparer.OrdinalIgnoreCase);
    private long _version;

    private EmulatedTenant()
    {
    }

    /// <summary>Number of users (selects the throttling tier).</summary>
    public int UserCount => TryGetResource("users", out var users) && users is CollectionResource collection ? collection.Items.Count : 0;

    /// <summary>The tenant id: the id of the first <c>organization</c> entry, or a fixed made-up id.</summary>
    internal Guid TenantId =>
        TryGetResource("organization", out var organization)
        && organization is CollectionResource collection
        && Guid.TryParse(IdOf(collection.Items.FirstOrDefault()), out var id)
            ? id
            : FallbackTenantId;

    internal long Version => Interlocked.Read(ref _version);

    /// <summary>
    /// Snapshot files keyed by relative path with forward slashes, e.g. <c>applications.json</c>,
    /// <c>servicePrincipals/{id}/appRoleAssignedTo.json</c>. A file with a top-level <c>value</c> array is a collection,
    /// anything else a singleton. URL path → file path: append <c>.json</c>.
    /// </summary>
    public static EmulatedTenant FromSnapshotFiles(IReadOnlyDictionary<string, JsonNode> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var tenant = new EmulatedTenant();
        foreach (var (path, body) in files)
        {
            tenant.Add(path, body);
        }

        return tenant;
    }

    /// <summary>
    /// Reads every <c>*.json</c> under <paramref name="directory"/>. A file that is not valid JSON is kept as raw text and
    /// that path answers 200 with the same malformed text, so a collector's handling of a broken body can be tested.
    /// </summary>
    public static async Task<EmulatedTenant> LoadFolderAsync(string directory, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"The tenant snapshot folder '{directory}' does not exist.");
        }

        var tenant = new EmulatedTenant();
        foreach (var file in Directory.EnumerateFiles(directory, "*.json", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(directory, file).Replace('\\', '/');
            var text = await File.ReadAllTextAsync(file, cancellationToken);
            try
            {
                tenant.Add(relative, JsonNode.Parse(text));
            }
            catch (Exception exception) when (exception is JsonException or ArgumentException or InvalidOperationException)
            {
                // Not JSON, or JSON a JsonObject cannot hold (duplicate property names): served raw, never "fixed".
                tenant._resources[NormalizePath(relative)] = new MalformedResource(text);
            }
        }

        return tenant;
    }

    /// <summary>Adds or replaces an item by its <c>id</c>; bumps the version delta queries compare against.</summary>
    public void Upsert(string collectionPath, JsonObject item)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(collectionPath);
        ArgumentNullException.ThrowIfNull(item);
        var id = IdOf(item) ?? throw new ArgumentException("An item needs a string \"id\" to be upserted.", nameof(item));

        // The tenant keeps its own copy: a caller changing its object later must not race with requests reading it.
        var copy = item.DeepClone().AsObject();
        Materialize(copy);
        var key = NormalizePath(collectionPath);
        var resource = _resources.GetOrAdd(key, static _ => new CollectionResource(new ItemStore()));
        if (resource is not CollectionResource collection)
        {
            throw new InvalidOperationException($"'{key}' is not a collection in this tenant.");
        }

        collection.Items.Upsert(id, copy, NextVersion);
    }

    /// <summary>Removes an item and records the deletion, which a later delta reports as <c>@removed</c>.</summary>
    public bool Remove(string collectionPath, string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(collectionPath);
        ArgumentNullException.ThrowIfNull(id);
        return TryGetResource(NormalizePath(collectionPath), out var resource)
            && resource is CollectionResource collection
            && collection.Items.Remove(id, NextVersion);
    }

    public void SetSingleton(string path, JsonObject body)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(body);
        var copy = body.DeepClone();
        Materialize(copy);
        _resources[NormalizePath(path)] = new SingletonResource(copy);
    }

    internal bool TryGetResource(string key, out TenantResource resource) => _resources.TryGetValue(key, out resource!);

    internal long NextVersion() => Interlocked.Increment(ref _version);

    internal static string NormalizePath(string path)
    {
        var normalized = path.Replace('\\', '/').Trim().Trim('/');
        if (normalized.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            normalized = normalized[..^".json".Length];
        }

        if (normalized.StartsWith("v1.0/", StringComparison.OrdinalIgnoreCase))
        {
            normalized = normalized["v1.0/".Length..];
        }

        return normalized.Trim('/');
    }

    internal static string? IdOf(JsonNode? item) =>
        item is JsonObject obj
        && obj.TryGetPropertyValue("id", out var id)
        && id is JsonValue value
        && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : null;

    /// <summary>
    /// Nodes parsed from text build their children lazily on first access, and that is not thread-safe; walking the tree
    /// once here makes every later read a plain read, so concurrent requests can share the nodes.
    /// </summary>
    private static void Materialize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var property in obj)
                {
                    Materialize(property.Value);
                }

                // A lookup too, so whatever index a lookup would build lazily exists before readers share the object.
                obj.TryGetPropertyValue("id", out _);
                break;
            case JsonArray array:
                foreach (var element in array)
                {
                    Materialize(element);
                }

                break;
            default:
                break;
        }
    }

    private void Add(string path, JsonNode? body)
    {
        var key = NormalizePath(path);
        Materialize(body);
        if (body is JsonObject obj && obj.TryGetPropertyValue("value", out var value) && value is JsonArray array)
        {
            var items = new ItemStore();
            foreach (var item in array)
            {
                items.Load(item);
            }

            _resources[key] = new CollectionResource(items);
        }
        else
        {
            _resources[key] = new SingletonResource(body);
        }
    }
}

/// <summary>What a tenant path holds.</summary>
internal abstract record TenantResource;

internal sealed record CollectionResource(ItemStore Items) : TenantResource;

internal sealed record SingletonResource(JsonNode? Body) : TenantResource;

internal sealed record MalformedResource(string RawText) : TenantResource;

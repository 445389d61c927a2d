using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Serialization.Json;

namespace IdentityOps.Core.Graph.Collection;

/// <summary>
/// Kiota's JSON parse node skips a known property whose value is <c>null</c> (it never reaches the model's
/// backing store), so "Graph sent onPremisesSyncEnabled: null on every user" would look like "Graph sent no
/// onPremisesSyncEnabled". Before Kiota parses a body, this writes the names of each object's null-valued
/// properties into one annotation that Kiota keeps in <c>AdditionalData</c>, where <see cref="PropertyPresence"/>
/// reads them. Bodies without a null are passed through untouched. Not covered: objects inside a <c>$batch</c>
/// response (the SDK parses those itself, so a property null on every batched object reads as absent).
/// </summary>
public sealed class NullKeepingJsonParseNodeFactory : IParseNodeFactory
{
    /// <summary>The annotation; an instance annotation name no Graph type uses.</summary>
    public const string NullPropertiesAnnotation = "@identityops.nullProperties";

    private readonly JsonParseNodeFactory inner = new();

    public string ValidContentType => inner.ValidContentType;

    public async Task<IParseNode> GetRootParseNodeAsync(string contentType, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.ToArray();
        if (HasNull(bytes) && JsonNode.Parse(bytes) is { } root)
        {
            Annotate(root);
            bytes = JsonSerializer.SerializeToUtf8Bytes(root);
        }

        return await inner.GetRootParseNodeAsync(contentType, new MemoryStream(bytes), cancellationToken);
    }

    /// <summary>The null-valued property names the annotation carries for one parsed object.</summary>
    public static IEnumerable<string> NullPropertiesOf(IDictionary<string, object> additionalData)
    {
        ArgumentNullException.ThrowIfNull(additionalData);
        if (!additionalData.TryGetValue(NullPropertiesAnnotation, out var value))
        {
            yield break;
        }

        if (value is UntypedArray array)
        {
            foreach (var item in array.GetValue())
            {
                if (item is UntypedString { } name && name.GetValue() is { } text)
                {
                    yield return text;
                }
            }
        }
    }

    private static bool HasNull(byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.Null)
                {
                    return true;
                }
            }
        }
        catch (JsonException)
        {
            // A malformed body is Kiota's to refuse, with the error the collector already handles.
            return false;
        }

        return false;
    }

    private static void Annotate(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                var nulls = new JsonArray();
                foreach (var (name, value) in obj)
                {
                    if (value is null)
                    {
                        nulls.Add(name);
                    }
                    else
                    {
                        Annotate(value);
                    }
                }

                if (nulls.Count > 0)
                {
                    obj[NullPropertiesAnnotation] = nulls;
                }

                break;
            case JsonArray items:
                foreach (var item in items)
                {
                    if (item is not null)
                    {
                        Annotate(item);
                    }
                }

                break;
        }
    }
}

using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IdentityOps.Emulator.Synthetic;

/// <summary>JSON helpers with one fixed format for dates and one writer configuration.</summary>
internal static class SyntheticJson
{
    public static readonly JsonWriterOptions WriterOptions = new() { Indented = false, SkipValidation = false };

    /// <summary>Graph's date format: UTC, to the second, with a Z.</summary>
    public static string Time(DateTimeOffset time)
        => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static JsonNode? TimeOrNull(DateTimeOffset? time) => time is { } value ? JsonValue.Create(Time(value)) : null;

    public static JsonArray Strings(IEnumerable<string> values)
    {
        var array = new JsonArray();
        foreach (var value in values)
        {
            array.Add(JsonValue.Create(value));
        }

        return array;
    }

    public static JsonArray Objects(IEnumerable<JsonObject> values)
    {
        var array = new JsonArray();
        foreach (var value in values)
        {
            array.Add(value);
        }

        return array;
    }

    public static string Id(Guid id) => id.ToString("D", CultureInfo.InvariantCulture);

    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// Builds a <c>{"value":[...]}</c> collection one item at a time: each item is written out as soon as it
/// is added, into chunks that never need to be copied as they grow, and the result is the file's
/// exact UTF-8 bytes — so a large tenant never holds millions of node objects at once.
/// </summary>
internal sealed class JsonCollectionBuilder : IDisposable
{
    private readonly ChunkedBufferWriter buffer = new();
    private readonly Utf8JsonWriter writer;

    public JsonCollectionBuilder()
    {
        writer = new Utf8JsonWriter(buffer, SyntheticJson.WriterOptions);
        writer.WriteStartObject();
        writer.WritePropertyName("value");
        writer.WriteStartArray();
    }

    public int Count { get; private set; }

    public void Add(JsonObject item)
    {
        item.WriteTo(writer);
        Count++;

        // Hand finished bytes to the chunks now and then, so the writer's own buffer stays small.
        if (writer.BytesPending > 256 * 1024)
        {
            writer.Flush();
        }
    }

    public byte[] Build()
    {
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        return buffer.ToArray();
    }

    public static byte[] Of(IEnumerable<JsonObject> items)
    {
        using var builder = new JsonCollectionBuilder();
        foreach (var item in items)
        {
            builder.Add(item);
        }

        return builder.Build();
    }

    public void Dispose() => writer.Dispose();
}

/// <summary>An <see cref="IBufferWriter{T}"/> of 1 MiB chunks: growing never copies what was written.</summary>
internal sealed class ChunkedBufferWriter : IBufferWriter<byte>
{
    private const int ChunkSize = 1024 * 1024;
    private readonly List<(byte[] Chunk, int Used)> full = [];
    private byte[] current = new byte[ChunkSize];
    private int used;

    public void Advance(int count) => used += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return current.AsMemory(used);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return current.AsSpan(used);
    }

    public byte[] ToArray()
    {
        var length = used;
        foreach (var (_, count) in full)
        {
            length += count;
        }

        var result = new byte[length];
        var offset = 0;
        foreach (var (chunk, count) in full)
        {
            chunk.AsSpan(0, count).CopyTo(result.AsSpan(offset));
            offset += count;
        }

        current.AsSpan(0, used).CopyTo(result.AsSpan(offset));
        return result;
    }

    private void Ensure(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (current.Length - used >= needed)
        {
            return;
        }

        full.Add((current, used));
        current = new byte[Math.Max(ChunkSize, needed)];
        used = 0;
    }
}

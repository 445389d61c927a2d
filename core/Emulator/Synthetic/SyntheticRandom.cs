namespace IdentityOps.Emulator.Synthetic;

/// <summary>
/// The only source of randomness of the synthetic tenant: a <see cref="System.Random"/> seeded from
/// the tenant seed and a collection name, so that changing one collection's size does not reshuffle
/// the others. <c>System.Random(int)</c> keeps its legacy algorithm for seeded instances, so the same
/// seed gives the same sequence on every .NET version and platform.
/// </summary>
internal sealed class SyntheticRandom
{
    private readonly Random random;

    public SyntheticRandom(int seed, string collection)
    {
        random = new Random(unchecked((int)SyntheticIds.Mix((ulong)(uint)seed ^ SyntheticIds.Hash(collection))));
    }

    // CA5394 flags System.Random as insecure: this is reproducible test data, not a security decision.
#pragma warning disable CA5394
    /// <summary>An integer in [0, <paramref name="maxExclusive"/>).</summary>
    public int Next(int maxExclusive) => random.Next(maxExclusive);

    /// <summary>An integer in [<paramref name="minInclusive"/>, <paramref name="maxExclusive"/>).</summary>
    public int Next(int minInclusive, int maxExclusive) => random.Next(minInclusive, maxExclusive);

    public double NextDouble() => random.NextDouble();
#pragma warning restore CA5394

    /// <summary>True with probability <paramref name="probability"/>.</summary>
    public bool Chance(double probability) => NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>A duration between the two bounds, to the second.</summary>
    public TimeSpan Between(TimeSpan min, TimeSpan max)
        => TimeSpan.FromSeconds(Math.Floor(min.TotalSeconds + (NextDouble() * (max - min).TotalSeconds)));
}

/// <summary>Identifiers derived from the seed, a kind and an index: stable whatever else the tenant contains.</summary>
internal static class SyntheticIds
{
    /// <summary>SplitMix64's finaliser: a fast, well-mixed 64-bit permutation.</summary>
    public static ulong Mix(ulong value)
    {
        value += 0x9E3779B97F4A7C15UL;
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EBUL;
        return value ^ (value >> 31);
    }

    /// <summary>FNV-1a over UTF-16 code units: <see cref="string.GetHashCode()"/> changes per process.</summary>
    public static ulong Hash(string text)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var character in text)
        {
            hash = (hash ^ character) * 0x100000001B3UL;
        }

        return hash;
    }

    /// <summary>A version-4-shaped GUID for object <paramref name="index"/> of <paramref name="kind"/>.</summary>
    public static Guid Guid(int seed, string kind, long index)
    {
        var high = Mix(Mix((ulong)(uint)seed) ^ Hash(kind) ^ Mix((ulong)index));
        var low = Mix(high ^ 0x5DEECE66DUL);
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, high);
        BitConverter.TryWriteBytes(bytes[8..], low);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    private const string Base64UrlAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    /// <summary>
    /// An opaque id of base64url characters, shaped like the ids Graph gives grants and role or app role
    /// assignments (e.g. <c>lAPpYvVpN0KRkAEhdxReEJC2sEqbR_9Hr48lds9SGHI-1</c>).
    /// </summary>
    public static string Opaque(int seed, string kind, long index, int length)
    {
        var state = Mix(Mix((ulong)(uint)seed) ^ Hash(kind) ^ Mix((ulong)index ^ 0xA5A5A5A5UL));
        return string.Create(length, state, static (span, seed) =>
        {
            var current = seed;
            for (var i = 0; i < span.Length; i++)
            {
                current = Mix(current);
                span[i] = Base64UrlAlphabet[(int)(current & 63)];
            }
        });
    }
}

namespace IdentityOps.Core.Persistence;

/// <summary>A page of a listing, numbered from 1. Sizes are capped so no request reads a whole table.</summary>
public sealed record PageRequest(int Number, int Size)
{
    public const int DefaultSize = 50;
    public const int MaxSize = 200;

    public static PageRequest First { get; } = new(1, DefaultSize);

    public bool IsValid => Number is >= 1 and <= 100_000 && Size is >= 1 and <= MaxSize;

    public int Skip => (Number - 1) * Size;
}

/// <summary>One page of items and how many there are in all.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Number, int Size, int Total);

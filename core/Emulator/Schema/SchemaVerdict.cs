namespace IdentityOps.Emulator.Schema;

/// <summary>What the schema check made of one request.</summary>
public enum SchemaVerdictKind
{
    /// <summary>Every segment and every property the query names exist on the version's type.</summary>
    Passed,

    /// <summary>Graph would refuse it: <see cref="SchemaVerdict.Detail"/> is Graph's message (a 400 <c>BadRequest</c>).</summary>
    Refused,

    /// <summary>Not checked: a <c>$batch</c> envelope (its requests are checked one by one) or a resource the trimmed schema does not describe.</summary>
    NotChecked,
}

/// <summary>
/// The schema check's verdict on one request, carried by every <see cref="EmulatedRequest"/> so tests can read it.
/// <paramref name="Type"/> is the addressed entity type (<c>unifiedRoleDefinition</c>) when the check resolved one.
/// </summary>
public sealed record SchemaVerdict(SchemaVerdictKind Kind, string Version, string? Type, string? Detail)
{
    public bool Refused => Kind == SchemaVerdictKind.Refused;

    /// <summary>One word and the reason, for tables and assertion messages.</summary>
    public override string ToString() => Detail is null ? Kind.ToString() : $"{Kind}: {Detail}";
}

using System.Text.Json.Nodes;

namespace IdentityOps.Emulator.Schema;

/// <summary>The version's type of the items a response writes, so a response carries only what that version has.</summary>
internal sealed record SchemaView(GraphSchema Schema, SchemaType Type)
{
    /// <summary>The view of an addressed resource the check resolved, or none (nothing is filtered).</summary>
    public static SchemaView? Of(SchemaVerdict verdict)
    {
        var schema = GraphSchema.For(verdict.Version);
        return verdict.Type is { } name && schema.Type(name) is { } type ? new SchemaView(schema, type) : null;
    }

    /// <summary>The view of an expanded navigation's items; none when the schema does not say what it holds.</summary>
    public SchemaView? Navigate(string navigation) =>
        Type.Navigation(navigation) is { } target && Schema.Type(target.TypeName) is { } type ? new SchemaView(Schema, type) : null;

    /// <summary>An item's own type when its <c>@odata.type</c> names one this version describes (a user among directoryObjects).</summary>
    public SchemaType TypeOf(JsonObject item) =>
        Schema.TypeOfAnnotation(item["@odata.type"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null) ?? Type;
}

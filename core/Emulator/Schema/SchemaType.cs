using System.Collections.Frozen;

namespace IdentityOps.Emulator.Schema;

/// <summary>Where a navigation property leads: its type's name and whether it holds many.</summary>
internal sealed record SchemaNavigation(string TypeName, bool Collection);

/// <summary>
/// One entity or complex type as a Graph version describes it: the properties and navigation properties declared on it,
/// and (through <see cref="Base"/>) the ones it inherits.
/// </summary>
internal sealed class SchemaType
{
    private const string DirectoryObject = "directoryObject";

    private readonly FrozenDictionary<string, string?> _properties;
    private readonly FrozenDictionary<string, SchemaNavigation?> _navigations;
    private readonly List<SchemaType> _derived = [];

    public SchemaType(string name, string? baseName, bool open, IDictionary<string, string?> properties, IDictionary<string, SchemaNavigation?> navigations)
    {
        Name = name;
        BaseName = baseName;
        Open = open;
        _properties = properties.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        _navigations = navigations.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    public string Name { get; }

    public string? BaseName { get; }

    /// <summary>The CSDL's <c>OpenType</c>: directory objects and users accept dynamic (directory extension) properties.</summary>
    public bool Open { get; }

    public SchemaType? Base { get; private set; }

    internal void Link(SchemaType? baseType)
    {
        Base = baseType;
        baseType?._derived.Add(this);
    }

    /// <summary>Declared here or inherited: a property or a navigation property.</summary>
    public bool Has(string name)
    {
        for (var type = this; type is not null; type = type.Base)
        {
            if (type._properties.ContainsKey(name) || type._navigations.ContainsKey(name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether Graph accepts <paramref name="name"/> on this type. A <c>directoryObject</c> (the type of <c>members</c>,
    /// <c>owners</c>, <c>transitiveMembers</c>, <c>memberOf</c>, a role assignment's <c>principal</c>) accepts the
    /// properties of the types deriving from it: the CSDL marks it open, and Microsoft's own example of
    /// <c>GET /groups/{id}/transitiveMembers</c> answers a user's <c>mail</c> in that directoryObject collection
    /// (microsoftgraph/microsoft-graph-docs-contrib, api-reference/v1.0/api/group-list-transitivemembers.md, example 1).
    /// An open type accepts directory extension properties (<c>extension_{appId}_{name}</c>).
    /// </summary>
    public bool Accepts(string name)
    {
        if (Has(name) || (Open && name.StartsWith("extension_", StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        return Name == DirectoryObject && Descendants().Any(type => type.Has(name));
    }

    /// <summary>The navigation property <paramref name="name"/>, declared here or inherited (also on derived types of a directoryObject).</summary>
    public SchemaNavigation? Navigation(string name)
    {
        for (var type = this; type is not null; type = type.Base)
        {
            if (type._navigations.TryGetValue(name, out var navigation))
            {
                return navigation;
            }
        }

        return Name == DirectoryObject ? Descendants().Select(type => type.Navigation(name)).FirstOrDefault(found => found is not null) : null;
    }

    /// <summary>Whether <paramref name="name"/> is a structural (not navigation) property of this type or its bases.</summary>
    public bool HasStructural(string name)
    {
        for (var type = this; type is not null; type = type.Base)
        {
            if (type._properties.ContainsKey(name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The declared type of a structural property (<c>Edm.String</c>, <c>Collection(passwordCredential)</c>), when the schema knows it.</summary>
    public string? PropertyType(string name)
    {
        for (var type = this; type is not null; type = type.Base)
        {
            if (type._properties.TryGetValue(name, out var declared))
            {
                return declared;
            }
        }

        return null;
    }

    private IEnumerable<SchemaType> Descendants() => _derived.SelectMany(child => child.Descendants().Prepend(child));
}

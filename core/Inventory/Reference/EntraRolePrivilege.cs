using System.Collections.Frozen;
using System.Text;
using System.Text.RegularExpressions;

namespace IdentityOps.Core.Inventory.Reference;

/// <summary>A built-in Microsoft Entra role as Microsoft's role reference lists it, with its PRIVILEGED label.</summary>
public sealed record BuiltInRoleLabel(string TemplateId, string DisplayName, bool IsPrivileged);

/// <summary>
/// Microsoft's published answer to "is this directory role privileged?", carried in the repository so that it
/// holds when Graph's own <c>isPrivileged</c> (beta only) is not served: the built-in roles with their PRIVILEGED
/// label (<c>entra-built-in-roles.tsv</c>) and the resource actions labelled privileged
/// (<c>entra-privileged-permissions.tsv</c>), each file's first line naming its source and date.
/// </summary>
public static class EntraRolePrivilege
{
    private static readonly Lazy<FrozenDictionary<string, BuiltInRoleLabel>> RolesByTemplateId = new(LoadRoles);
    private static readonly Lazy<string[]> Actions = new(LoadActions);

    /// <summary>Every built-in role the reference lists.</summary>
    public static IReadOnlyCollection<BuiltInRoleLabel> BuiltInRoles => RolesByTemplateId.Value.Values;

    /// <summary>Every resource action Microsoft labels privileged.</summary>
    public static IReadOnlyList<string> PrivilegedActions => Actions.Value;

    /// <summary>The built-in role with this template id, or null when the reference does not list it.</summary>
    public static BuiltInRoleLabel? BuiltInRole(string? templateId)
        => templateId is null ? null : RolesByTemplateId.Value.GetValueOrDefault(templateId);

    /// <summary>
    /// The first granted action that covers an action Microsoft labels privileged, or null when none does.
    /// A granted action covers a privileged one when it names it, or names a set that contains it: Microsoft's
    /// permission grammar is <c>namespace/entity/propertySet/action</c>, where <c>allEntities</c> stands for any
    /// entity, <c>allProperties</c> for any property set (none, one or more segments), <c>allTasks</c> for any
    /// action, and a literal <c>*</c> for anything. So <c>users/allProperties/allTasks</c> covers
    /// <c>users/password/update</c>, and <c>users/allProperties/read</c> covers <c>users/lifeCycleInfo/read</c>.
    /// Only that direction counts: <c>users/basic/update</c> is a part of <c>users/allProperties/allTasks</c>, not
    /// privileged by being so (Microsoft labels the narrow actions it considers privileged one by one).
    /// </summary>
    public static string? PrivilegedActionIn(IEnumerable<string> grantedActions)
        => grantedActions.FirstOrDefault(granted => Actions.Value.Any(privileged => Covers(granted, privileged)));

    /// <summary>Whether <paramref name="granted"/> names <paramref name="privileged"/> or a set containing it.</summary>
    public static bool Covers(string granted, string privileged)
    {
        ArgumentNullException.ThrowIfNull(granted);
        ArgumentNullException.ThrowIfNull(privileged);
        return string.Equals(granted, privileged, StringComparison.OrdinalIgnoreCase)
               || Pattern(granted).IsMatch(privileged);
    }

    private static Regex Pattern(string granted)
    {
        var segments = granted.Split('/');
        var pattern = new StringBuilder("^");
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            var separator = i == 0 ? string.Empty : "/";
            pattern.Append(segment switch
            {
                "allEntities" when i == 1 => separator + "[^/]+",
                // Zero or more property segments: users/allProperties/read covers users/lifeCycleInfo/read and users/x/y/read.
                "allProperties" when i > 1 => "(/[^/]+)*",
                "allTasks" when i == segments.Length - 1 => "/.+",
                _ => separator + Regex.Escape(segment).Replace(@"\*", ".*", StringComparison.Ordinal),
            });
        }

        return new Regex(pattern.Append('$').ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    private static FrozenDictionary<string, BuiltInRoleLabel> LoadRoles()
        => ReferenceTable.Rows("entra-built-in-roles.tsv")
            .Select(cells => new BuiltInRoleLabel(cells[0], cells[1], cells[2] switch
            {
                "yes" => true,
                "no" => false,
                _ => throw new InvalidOperationException($"Unknown privileged label '{cells[2]}' for role {cells[0]} in entra-built-in-roles.tsv."),
            }))
            .ToFrozenDictionary(role => role.TemplateId, StringComparer.OrdinalIgnoreCase);

    private static string[] LoadActions() => [.. ReferenceTable.Rows("entra-privileged-permissions.tsv").Select(cells => cells[0])];
}

using System.Reflection;

namespace IdentityOps.Core.Inventory.Reference;

/// <summary>
/// The rows of a tab-separated reference file embedded beside this class: comment lines (<c>#</c>, where each
/// file names its source and date) and blank lines skipped, the header row dropped, cells split on tabs.
/// </summary>
internal static class ReferenceTable
{
    public static List<string[]> Rows(string file)
    {
        var resource = $"IdentityOps.Core.Inventory.Reference.{file}";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded resource {resource} is missing.");
        using var reader = new StreamReader(stream);
        var rows = new List<string[]>();
        var header = true;
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith('#') || line.Length == 0)
            {
                continue;
            }

            if (header)
            {
                header = false;
                continue;
            }

            rows.Add(line.Split('\t'));
        }

        return rows;
    }
}

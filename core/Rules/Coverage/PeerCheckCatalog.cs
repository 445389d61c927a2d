using System.Reflection;

namespace IdentityOps.Core.Rules.Coverage;

/// <summary>One check of a peer tool (ScubaGear, Maester's CISA, EIDSCA and MT tests, CIS as Maester implements it).</summary>
/// <param name="Framework">The <see cref="Frameworks"/> name a rule's <see cref="FrameworkReference"/> uses for it.</param>
/// <param name="Control">The id as a <see cref="FrameworkReference"/> names it (<c>MS.AAD.3.2v2</c>, <c>5.1.2.2</c>).</param>
/// <param name="PeerId">The id the peer reports (<c>CIS.M365.5.1.2.2</c>), or a note when no peer implements it.</param>
/// <param name="Source">Where the check's condition was read: <c>owner/repo@commit path</c>.</param>
/// <param name="DataSources">What the check reads, in the peer catalogue's tags (<c>ca</c>, <c>authz</c>, <c>role</c>…; <c>o:…</c> for data IdentityOps does not collect).</param>
/// <param name="IsComputable">One of the 85 checks computable from the data IdentityOps collects; false for controls outside them that rules cite.</param>
/// <param name="WhyNotCovered">Why no rule maps the check fully, for a check no rule covers; null otherwise.</param>
public sealed record PeerCheck(
    string Framework, string Control, string PeerId, string Title, string Source, IReadOnlyList<string> DataSources, bool IsComputable, string? WhyNotCovered);

/// <summary>
/// The peer checks IdentityOps measures itself against (issue 19), embedded from peer-checks.tsv beside this class:
/// the 85 computable ones and the other controls today's rules cite. Bad rows fail loudly at first use, since a
/// catalogue that silently drops a row would under-report what we do not cover.
/// </summary>
public static class PeerCheckCatalog
{
    private const string Resource = "IdentityOps.Core.Rules.Coverage.peer-checks.tsv";
    private const string CisVersionLine = "# cis-version: ";

    private static readonly Lazy<(IReadOnlyList<PeerCheck> Checks, string CisVersion)> Loaded = new(Load);

    /// <summary>Every check, in the catalogue's order (framework by framework, as the peers list them).</summary>
    public static IReadOnlyList<PeerCheck> All => Loaded.Value.Checks;

    /// <summary>The CIS benchmark version whose numbering the CIS ids follow (<c>v6.0.1</c>).</summary>
    public static string CisVersion => Loaded.Value.CisVersion;

    /// <summary>The peer column's names, mapped to the framework a <see cref="FrameworkReference"/> uses.</summary>
    public static IReadOnlyDictionary<string, string> PeerFrameworks { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ScubaGear"] = Frameworks.Scuba,
        ["CISA (Maester)"] = Frameworks.CisaMaester,
        ["EIDSCA"] = Frameworks.Eidsca,
        ["Maester"] = Frameworks.Maester,
        ["CIS"] = Frameworks.Cis,
    };

    public static PeerCheck? Find(string framework, string control)
        => All.FirstOrDefault(c => c.Framework == framework && string.Equals(c.Control, control, StringComparison.Ordinal));

    private static (IReadOnlyList<PeerCheck>, string) Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The embedded resource {Resource} is missing.");
        using var reader = new StreamReader(stream);
        var checks = new List<PeerCheck>();
        string? cisVersion = null;
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.StartsWith(CisVersionLine, StringComparison.Ordinal))
            {
                cisVersion = line[CisVersionLine.Length..].Split(' ')[0];
            }

            if (line.StartsWith('#') || line.Length == 0)
            {
                continue;
            }

            var cells = line.Split('\t');
            if (cells.Length != 8 || !PeerFrameworks.TryGetValue(cells[0], out var framework) || cells[6] is not ("85" or "cited"))
            {
                throw new InvalidOperationException($"{Resource} line {number}: expected 8 tab-separated cells, a known peer and scope 85 or cited.");
            }

            checks.Add(new PeerCheck(
                framework, cells[1], cells[2], cells[3], cells[4],
                cells[5].Split(' ', StringSplitOptions.RemoveEmptyEntries), cells[6] == "85", cells[7].Length == 0 ? null : cells[7]));
        }

        return (checks, cisVersion ?? throw new InvalidOperationException($"{Resource} does not name the CIS version ({CisVersionLine.Trim()})."));
    }
}

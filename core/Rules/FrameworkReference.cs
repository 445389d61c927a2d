namespace IdentityOps.Core.Rules;

/// <summary>
/// A control in a public framework that a rule maps to. For the peer tools (ScubaGear, Maester's CISA, EIDSCA and
/// MT checks, and CIS as Maester implements it) a full mapping claims that the rule raises a finding exactly when
/// the peer's check fails, as read in the peer's own source (core/Rules/Coverage/peer-checks.tsv names the file);
/// when the two differ the reference is <see cref="IsPartial">partial</see> and says how, and docs/coverage.md
/// shows the difference instead of counting the control as covered.
/// </summary>
/// <param name="Framework">One of <see cref="Frameworks"/>.</param>
/// <param name="Control">The framework's own id, exactly as the framework spells it: <c>MS.AAD.3.2v2</c>, <c>EIDSCA.AP10</c>, <c>MT.1020</c>, <c>T1098.001</c>.</param>
/// <param name="Difference">
/// Null for a full mapping; otherwise where the rule's verdict departs from the control's (a finding the control
/// would not raise, or a failure the rule does not report). The default is null.
/// </param>
public sealed record FrameworkReference(string Framework, string Control, string? Difference = null)
{
    /// <summary>Whether the rule's verdict departs from the control's (see <see cref="Difference"/>).</summary>
    public bool IsPartial => Difference is not null;

    /// <summary>The control as reports cite it: its id, marked "(partial)" when the mapping is partial, so no reader takes it for a full one.</summary>
    public string Cited => IsPartial ? $"{Control} (partial)" : Control;

    /// <summary>The same control, mapped partially: <paramref name="difference"/> says where the verdicts part.</summary>
    public FrameworkReference Partially(string difference)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(difference);
        return this with { Difference = difference };
    }

    /// <summary>A recommendation of the CIS benchmark named in <see cref="Frameworks.Cis"/>, by its number (<c>5.1.2.2</c>).</summary>
    public static FrameworkReference Cis(string control) => new(Frameworks.Cis, control);

    /// <summary>A policy of CISA's Entra ID baseline as ScubaGear's current baseline versions it (<c>MS.AAD.3.2v2</c>).</summary>
    public static FrameworkReference Scuba(string control) => new(Frameworks.Scuba, control);

    /// <summary>A CISA test as Maester runs it (<c>CISA.MS.AAD.5.1</c>): Maester's own code for the policy, unversioned.</summary>
    public static FrameworkReference CisaMaester(string control) => new(Frameworks.CisaMaester, control);

    /// <summary>An Entra ID Security Config Analyzer check as Maester runs it (<c>EIDSCA.AP10</c>).</summary>
    public static FrameworkReference Eidsca(string control) => new(Frameworks.Eidsca, control);

    /// <summary>One of Maester's own tests (<c>MT.1020</c>).</summary>
    public static FrameworkReference Maester(string control) => new(Frameworks.Maester, control);

    public static FrameworkReference Attack(string technique) => new(Frameworks.Attack, technique);

    public static FrameworkReference Entra(EntraRecommendation recommendation) => new(Frameworks.Entra, recommendation.Label);
}

public static class Frameworks
{
    /// <summary>
    /// The version whose numbering the ids follow: Maester's CIS tests (maester365/maester@6bf1d98 tests/cis, tagged
    /// "CIS M365 v6.0.1", e.g. CIS.M365.5.1.5.2 "Ensure the admin consent workflow is enabled"); the ids no peer
    /// implements were checked against the v6.0.0 titles in mohammedsiddiqui6872/CIS-Microsoft-365-Foundations-Benchmark@928b3ea
    /// (CIS-M365-Benchmark/CIS-M365-Compliance-Checker.ps1).
    /// </summary>
    public const string Cis = "CIS Microsoft 365 Foundations Benchmark v6.0.1";

    /// <summary>Ids as cisagov/ScubaGear's current baseline versions them (PowerShell/ScubaGear/baselines/aad.md, read at 4d34e9a: 3.2v2, 3.5v2).</summary>
    public const string Scuba = "CISA SCuBA (Entra ID baseline)";

    public const string CisaMaester = "CISA SCuBA as Maester tests it";
    public const string Eidsca = "EIDSCA (Maester)";
    public const string Maester = "Maester";
    public const string Attack = "MITRE ATT&CK";
    public const string Entra = "Microsoft Entra recommendations";

    /// <summary>The frameworks whose controls are peer checks: every id a rule names in them is in the coverage catalogue.</summary>
    public static IReadOnlyList<string> Peers { get; } = [Scuba, CisaMaester, Eidsca, Maester, Cis];
}

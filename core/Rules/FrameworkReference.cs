namespace IdentityOps.Core.Rules;

/// <summary>A control in a public framework that a rule maps to.</summary>
/// <param name="Framework">One of <see cref="Frameworks"/>.</param>
/// <param name="Control">The framework's own id, e.g. <c>MS.AAD.3.1v1</c> or <c>T1098.001</c>.</param>
public sealed record FrameworkReference(string Framework, string Control)
{
    public static FrameworkReference Cis(string control) => new(Frameworks.Cis, control);

    public static FrameworkReference Scuba(string control) => new(Frameworks.Scuba, control);

    public static FrameworkReference Attack(string technique) => new(Frameworks.Attack, technique);

    public static FrameworkReference Entra(EntraRecommendation recommendation) => new(Frameworks.Entra, recommendation.Label);
}

public static class Frameworks
{
    public const string Cis = "CIS Microsoft 365 Foundations Benchmark v4.0.0";
    public const string Scuba = "CISA SCuBA (Entra ID baseline)";
    public const string Attack = "MITRE ATT&CK";
    public const string Entra = "Microsoft Entra recommendations";
}

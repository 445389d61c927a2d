namespace IdentityOps.Core.Rules.Applications;

/// <summary>Redirect URI with a wildcard.</summary>
public sealed class RedirectWildcardRule : RedirectUriRule
{
    public override RuleDefinition Definition { get; } = new(
        "app-redirect-wildcard",
        "Redirect URI with a wildcard",
        RuleCategory.ApplicationsAndCredentials,
        Severity.High,
        ObjectTypes.Application,
        [.. RuleInputs.Collection("applications", "web", "spa", "publicClient")],
        RedirectUris.EvidenceFields,
        [FrameworkReference.Attack("T1550.001")]);

    protected override bool Matches(string uri) => RedirectUris.HasWildcard(uri);
}

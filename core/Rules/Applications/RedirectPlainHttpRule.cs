namespace IdentityOps.Core.Rules.Applications;

/// <summary>Redirect URI over plain http.</summary>
public sealed class RedirectPlainHttpRule : RedirectUriRule
{
    public override RuleDefinition Definition { get; } = new(
        "app-redirect-http",
        "Redirect URI over plain http",
        RuleCategory.ApplicationsAndCredentials,
        Severity.Medium,
        ObjectTypes.Application,
        [.. RuleInputs.Collection("applications", "web", "spa", "publicClient")],
        RedirectUris.EvidenceFields,
        [FrameworkReference.Attack("T1557")]);

    protected override bool Matches(string uri) => RedirectUris.IsPlainHttp(uri);
}

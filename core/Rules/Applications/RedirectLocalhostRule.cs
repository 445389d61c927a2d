namespace IdentityOps.Core.Rules.Applications;

/// <summary>Localhost redirect URI on a registered app.</summary>
public sealed class RedirectLocalhostRule : RedirectUriRule
{
    public override RuleDefinition Definition { get; } = new(
        "app-redirect-localhost",
        "Localhost redirect URI on a registered app",
        RuleCategory.ApplicationsAndCredentials,
        Severity.Low,
        ObjectTypes.Application,
        [.. RuleInputs.Collection("applications", "web", "spa", "publicClient")],
        RedirectUris.EvidenceFields,
        [FrameworkReference.Entra("Redirect URI restrictions")]);

    protected override bool Matches(string uri) => RedirectUris.IsLocalhost(uri);
}

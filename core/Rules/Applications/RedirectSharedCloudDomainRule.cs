namespace IdentityOps.Core.Rules.Applications;

/// <summary>Redirect URI on a shared cloud domain open to subdomain takeover.</summary>
public sealed class RedirectSharedCloudDomainRule : RedirectUriRule
{
    public override RuleDefinition Definition { get; } = new(
        "app-redirect-shared-cloud-domain",
        "Redirect URI on a shared cloud domain open to subdomain takeover",
        RuleCategory.ApplicationsAndCredentials,
        Severity.High,
        ObjectTypes.Application,
        [.. RuleInputs.Collection("applications", "web", "spa", "publicClient")],
        RedirectUris.EvidenceFields,
        [FrameworkReference.Attack("T1584.001")]);

    protected override bool Matches(string uri) => RedirectUris.IsOnSharedCloudDomain(uri);
}

using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.Applications;

/// <summary>
/// A loopback redirect URI (localhost, 127.0.0.0/8) on the web or single-page platform of an app registration: a
/// development entry left in a registration that production uses.
/// </summary>
/// <remarks>
/// Public-client (mobile and desktop) loopback redirects are not judged: RFC 8252 7.3 makes them the standard way
/// for a native app to receive its response, and Microsoft's redirect URI rules accept them (any port, http allowed)
/// for that reason — flagging them would fire on every desktop tool that uses MSAL's system-browser sign-in.
/// </remarks>
public sealed class RedirectLocalhostRule : RedirectUriRule
{
    public override RuleDefinition Definition { get; } = new(
        "app-redirect-localhost",
        "Localhost redirect URI on a web or single-page app",
        RuleCategory.ApplicationsAndCredentials,
        Severity.Low,
        ObjectTypes.Application,
        [.. RuleInputs.Collection("applications", "web", "spa")],
        RedirectUris.EvidenceFields,
        []);

    protected override IEnumerable<string> Candidates(ApplicationRecord app) => RedirectUris.WebAndSpa(app);

    protected override bool Matches(string uri) => RedirectUris.IsLoopback(uri);
}

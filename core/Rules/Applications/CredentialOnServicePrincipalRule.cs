using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.Applications;

/// <summary>
/// A client secret added to a service principal object rather than to its app registration: invisible in
/// the app's "Certificates &amp; secrets" blade and a known persistence technique (ATT&amp;CK T1098.001).
/// The password of a SAML signing certificate is not one: Entra puts it there with the certificate's keys
/// (servicePrincipal-addtokensigningcertificate.md) and the collector marks it
/// <see cref="CredentialPurpose.SamlTokenSigning"/> from the keys' usage, keyId and customKeyIdentifier —
/// hence <c>keyCredentials</c> among the inputs.
/// </summary>
public sealed class CredentialOnServicePrincipalRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "sp-credential-on-service-principal",
        "Secret added to a service principal instead of its app registration",
        RuleCategory.ApplicationsAndCredentials,
        Severity.Medium,
        ObjectTypes.ServicePrincipal,
        [.. RuleInputs.Collection("servicePrincipals", "passwordCredentials", "keyCredentials")],
        ["displayName", "appId", "credentialId", "credentialName", "startsAt", "endsAt"],
        [FrameworkReference.Attack("T1098.001")]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
        => inventory.ServicePrincipals
            .SelectMany(sp => inventory.CredentialsOf(sp.ObjectId)
                .Where(c => c is { OwnerKind: CredentialOwnerKind.ServicePrincipal, Kind: CredentialKind.Password, Purpose: not CredentialPurpose.SamlTokenSigning }
                    && (c.EndsAt is null || c.EndsAt >= scan.AsOf))
                .OrderBy(c => c.CredentialId)
                .Take(1)
                .Select(c => new RuleHit(sp.ObjectId.ToString(), sp.DisplayName, new Evidence
                {
                    { "displayName", sp.DisplayName },
                    { "appId", sp.AppId },
                    { "credentialId", c.CredentialId },
                    { "credentialName", c.DisplayName ?? "" },
                    { "startsAt", c.StartsAt },
                    { "endsAt", c.EndsAt },
                })));

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => inventory.ServicePrincipals.Count;
}

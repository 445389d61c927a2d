using IdentityOps.Core.Inventory;
using IdentityOps.Core.Inventory.Reference;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Rules.Applications;
using Xunit;
using static IdentityOps.Core.Tests.Rules.Records;

namespace IdentityOps.Core.Tests.Rules.Applications;

/// <summary>
/// Credentials on service principals, judged the way Microsoft documents them: the on-premises auth certificate that
/// Exchange, SharePoint and Skype hybrid upload to their Microsoft service principal is "investigate" (Low), not an
/// incident; the password of a SAML signing certificate is not a secret someone added.
/// </summary>
public sealed class ServicePrincipalCredentialRulesTests
{
    private static readonly Guid ExchangeOnline = new("00000002-0000-0ff1-ce00-000000000000");
    private static readonly Guid SharePointOnline = new("00000003-0000-0ff1-ce00-000000000000");
    private static readonly Guid SkypeOnline = new("00000004-0000-0ff1-ce00-000000000000");
    private static readonly Guid MicrosoftGraph = new("00000003-0000-0000-c000-000000000000");

    [Theory]
    [MemberData(nameof(HybridServices))]
    public void A_hybrid_auth_certificate_on_a_Microsoft_hybrid_service_is_low_investigate_not_critical(Guid appId, string service)
    {
        var sp = ServicePrincipal(3, appId, service, GraphPermissionTiers.MicrosoftTenantId);
        var inventory = new TenantInventory { ServicePrincipals = [sp], Credentials = [Key(sp, 1, "Verify")] };

        RuleAssert.NoFinding<CredentialOnFirstPartyServicePrincipalRule>(inventory);
        var finding = RuleAssert.SingleFinding<HybridCertificateOnFirstPartyServicePrincipalRule>(inventory);
        Assert.Equal(Severity.Low, finding.Rule.Severity);
        Assert.Equal([Id(60_001).ToString()], RuleAssert.Strings(finding, "credentialIds"));
        Assert.Contains("compare each certificate with the on-premises auth certificate", finding.Remediation, StringComparison.Ordinal);
        RuleAssert.NotEvaluatedWithout<HybridCertificateOnFirstPartyServicePrincipalRule>(inventory);
        RuleAssert.NotEvaluatedWithout<HybridCertificateOnFirstPartyServicePrincipalRule>(inventory, "servicePrincipals.keyCredentials");
    }

    public static TheoryData<Guid, string> HybridServices => new()
    {
        { ExchangeOnline, "Office 365 Exchange Online" },
        { SharePointOnline, "Office 365 SharePoint Online" },
        { SkypeOnline, "Skype for Business Online" },
    };

    [Fact]
    public void A_password_on_Exchange_Online_stays_critical_beside_its_hybrid_certificate()
    {
        var exchange = ServicePrincipal(3, ExchangeOnline, "Office 365 Exchange Online", GraphPermissionTiers.MicrosoftTenantId);
        var inventory = new TenantInventory
        {
            ServicePrincipals = [exchange],
            Credentials = [Key(exchange, 1, "Verify"), Secret(exchange.ObjectId, 2, AsOf.AddDays(-12), AsOf.AddDays(168), CredentialOwnerKind.ServicePrincipal)],
        };

        var critical = RuleAssert.SingleFinding<CredentialOnFirstPartyServicePrincipalRule>(inventory);
        Assert.Equal(Severity.Critical, critical.Rule.Severity);
        Assert.Equal(["Password"], RuleAssert.Strings(critical, "credentialKinds"));
        Assert.Equal([Id(50_002).ToString()], RuleAssert.Strings(critical, "credentialIds"));
        Assert.Single(RuleAssert.Run<HybridCertificateOnFirstPartyServicePrincipalRule>(inventory).Findings);
        RuleAssert.NotEvaluatedWithout<CredentialOnFirstPartyServicePrincipalRule>(inventory);
    }

    [Fact]
    public void A_certificate_outside_the_hybrid_pattern_on_a_first_party_app_stays_critical()
    {
        // The same public-key certificate on Microsoft Graph (no hybrid guide puts one there), and a signing key on Exchange.
        var graph = ServicePrincipal(4, MicrosoftGraph, "Microsoft Graph", GraphPermissionTiers.MicrosoftTenantId);
        var exchange = ServicePrincipal(3, ExchangeOnline, "Office 365 Exchange Online", GraphPermissionTiers.MicrosoftTenantId);
        var inventory = new TenantInventory { ServicePrincipals = [graph, exchange], Credentials = [Key(graph, 1, "Verify"), Key(exchange, 2, "Sign"), Key(exchange, 3, null)] };

        var findings = RuleAssert.Run<CredentialOnFirstPartyServicePrincipalRule>(inventory).Findings;
        Assert.Equal([exchange.ObjectId.ToString(), graph.ObjectId.ToString()], findings.Select(f => f.ObjectId).Order(StringComparer.Ordinal));
        Assert.Equal([Id(60_002).ToString(), Id(60_003).ToString()], RuleAssert.Strings(findings.Single(f => f.ObjectId == exchange.ObjectId.ToString()), "credentialIds"));
        RuleAssert.NoFinding<HybridCertificateOnFirstPartyServicePrincipalRule>(inventory);
    }

    [Fact]
    public void A_hybrid_looking_certificate_on_an_app_that_is_not_Microsofts_is_not_a_hybrid_finding()
    {
        var lookalike = ServicePrincipal(5, ExchangeOnline, "Office 365 Exchange Online");
        var inventory = new TenantInventory { ServicePrincipals = [lookalike], Credentials = [Key(lookalike, 1, "Verify")] };

        RuleAssert.NoFinding<HybridCertificateOnFirstPartyServicePrincipalRule>(inventory);
        RuleAssert.NoFinding<CredentialOnFirstPartyServicePrincipalRule>(inventory);
    }

    [Fact]
    public void The_password_of_a_SAML_signing_certificate_is_not_an_added_secret_but_one_beside_it_is()
    {
        var app = App(1, "Payroll (SAML)");
        var sp = ServicePrincipalOf(app, 2);
        var saml = SamlSigningSet(sp, 1);
        var signingOnly = new TenantInventory { ServicePrincipals = [sp], Credentials = saml };

        RuleAssert.NoFinding<CredentialOnServicePrincipalRule>(signingOnly);
        Assert.Equal(1, RuleAssert.Run<CredentialOnServicePrincipalRule>(signingOnly).Outcomes.Single().ObjectsEvaluated);

        var added = Secret(sp.ObjectId, 9, AsOf.AddDays(-3), AsOf.AddDays(177), CredentialOwnerKind.ServicePrincipal);
        var withAdded = new TenantInventory { ServicePrincipals = [sp], Credentials = [.. saml, added] };
        var finding = RuleAssert.SingleFinding<CredentialOnServicePrincipalRule>(withAdded);
        Assert.Equal(added.CredentialId.ToString(), finding.Evidence["credentialId"]);
        RuleAssert.NotEvaluatedWithout<CredentialOnServicePrincipalRule>(withAdded, "servicePrincipals.keyCredentials");
    }

    [Fact]
    public void A_password_the_collector_did_not_recognise_as_SAML_signing_is_flagged_even_beside_a_signing_key()
    {
        var sp = ServicePrincipalOf(App(1), 2);
        var unpaired = Secret(sp.ObjectId, 1, AsOf.AddDays(-3), AsOf.AddDays(177), CredentialOwnerKind.ServicePrincipal);
        var inventory = new TenantInventory { ServicePrincipals = [sp], Credentials = [Key(sp, 1, "Sign"), unpaired] };

        Assert.Equal(unpaired.CredentialId.ToString(), RuleAssert.SingleFinding<CredentialOnServicePrincipalRule>(inventory).Evidence["credentialId"]);
    }

    /// <summary>The three records the collector writes for a SAML signing certificate (the password shares the Sign key's id).</summary>
    private static CredentialRecord[] SamlSigningSet(ServicePrincipalRecord sp, int n)
    {
        var password = Secret(sp.ObjectId, n, AsOf.AddDays(-100), AsOf.AddDays(995), CredentialOwnerKind.ServicePrincipal);
        return
        [
            Copy(password, CredentialKind.Password, null, CredentialPurpose.SamlTokenSigning, password.CredentialId),
            Copy(password, CredentialKind.Certificate, "Sign", CredentialPurpose.SamlTokenSigning, password.CredentialId),
            Copy(password, CredentialKind.Certificate, "Verify", CredentialPurpose.SamlTokenSigning, Id(70_000 + n)),
        ];
    }

    private static CredentialRecord Key(ServicePrincipalRecord sp, int n, string? usage) => new()
    {
        TenantId = Tenant, ScanId = ScanOfRecords, OwnerObjectId = sp.ObjectId, CredentialId = Id(60_000 + n), OwnerKind = CredentialOwnerKind.ServicePrincipal,
        Kind = CredentialKind.Certificate, DisplayName = $"CN=certificate {n}", StartsAt = AsOf.AddDays(-300), EndsAt = AsOf.AddDays(1500), Usage = usage,
    };

    private static CredentialRecord Copy(CredentialRecord c, CredentialKind kind, string? usage, CredentialPurpose purpose, Guid id) => new()
    {
        TenantId = c.TenantId, ScanId = c.ScanId, OwnerObjectId = c.OwnerObjectId, CredentialId = id, OwnerKind = c.OwnerKind,
        Kind = kind, DisplayName = "CN=Microsoft Azure Federated SSO Certificate", StartsAt = c.StartsAt, EndsAt = c.EndsAt, Usage = usage, Purpose = purpose,
    };
}

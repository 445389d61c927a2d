using IdentityOps.Core.Inventory;
using IdentityOps.Core.Inventory.Reference;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Rules.Applications;
using Xunit;
using static IdentityOps.Core.Tests.Rules.Records;

namespace IdentityOps.Core.Tests.Rules.Applications;

/// <summary>
/// Issue 19 E1: credential hygiene covers certificates as well as secrets, on app registrations and on service principals,
/// without flagging what Microsoft documents as normal (a SAML signing certificate's three years, a one-year certificate
/// that spans 29 February, the hybrid auth certificate on a Microsoft service principal).
/// </summary>
public sealed class CertificateRulesTests
{
    private static readonly Guid ExchangeOnline = new("00000002-0000-0ff1-ce00-000000000000");

    private static TenantInventory AppWith(params CredentialRecord[] credentials)
        => new() { Applications = [App(1, "Payroll connector")], Credentials = credentials };

    private static CredentialRecord OnServicePrincipal(CredentialRecord certificate, ServicePrincipalRecord sp, string? usage = "Verify", CredentialPurpose purpose = CredentialPurpose.Unrecognised) => new()
    {
        TenantId = certificate.TenantId, ScanId = certificate.ScanId, OwnerObjectId = sp.ObjectId, CredentialId = certificate.CredentialId,
        OwnerKind = CredentialOwnerKind.ServicePrincipal, Kind = CredentialKind.Certificate, DisplayName = certificate.DisplayName,
        StartsAt = certificate.StartsAt, EndsAt = certificate.EndsAt, Usage = usage, Purpose = purpose,
    };

    [Fact]
    public void An_expired_certificate_on_the_app_is_a_low_finding_naming_it()
    {
        var inventory = AppWith(Certificate(Id(1), 1, AsOf.AddDays(-400), AsOf.AddDays(-35)), Certificate(Id(1), 2, AsOf.AddDays(-30), AsOf.AddDays(300)));

        var finding = RuleAssert.SingleFinding<CertificateExpiredRule>(inventory);

        Assert.Equal(Severity.Low, finding.Rule.Severity);
        Assert.Equal(Id(60_001).ToString(), finding.Evidence["credentialId"]);
        Assert.Equal(-35, Convert.ToInt32(finding.Evidence["daysUntilExpiry"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("expired on", finding.Explanation, StringComparison.Ordinal);
        RuleAssert.NoFinding<CertificateExpiredRule>(AppWith(Certificate(Id(1), 2, AsOf.AddDays(-30), AsOf.AddDays(300))));
        RuleAssert.NotEvaluatedWithout<CertificateExpiredRule>(inventory);
        RuleAssert.NotEvaluatedWithout<CertificateExpiredRule>(inventory, "applications.keyCredentials");
    }

    [Fact]
    public void A_certificate_ending_within_30_days_is_a_finding_only_without_a_successor()
    {
        var ending = Certificate(Id(1), 1, AsOf.AddDays(-345), AsOf.AddDays(20));

        var finding = RuleAssert.SingleFinding<CertificateExpiringRule>(AppWith(ending));
        Assert.Equal(20, Convert.ToInt32(finding.Evidence["daysUntilExpiry"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(30, finding.Evidence["warningDays"]);

        // Rotated: a newer certificate (or a secret) outlives it.
        RuleAssert.NoFinding<CertificateExpiringRule>(AppWith(ending, Certificate(Id(1), 2, AsOf.AddDays(-5), AsOf.AddDays(360))));
        RuleAssert.NoFinding<CertificateExpiringRule>(AppWith(ending, Secret(Id(1), 3, AsOf.AddDays(-5), AsOf.AddDays(175))));
        RuleAssert.NoFinding<CertificateExpiringRule>(AppWith(Certificate(Id(1), 1, AsOf.AddDays(-300), AsOf.AddDays(45))));
        RuleAssert.NotEvaluatedWithout<CertificateExpiringRule>(AppWith(ending), "applications.keyCredentials");
    }

    [Fact]
    public void A_certificate_valid_for_more_than_a_year_is_a_finding_but_a_one_year_one_across_a_leap_day_is_not()
    {
        var twoYears = Certificate(Id(1), 1, AsOf.AddDays(-30), AsOf.AddDays(700));
        var finding = RuleAssert.SingleFinding<CertificateLongLifetimeRule>(AppWith(twoYears));
        Assert.Equal(730L, finding.Evidence["lifetimeDays"]);

        // 2027-12-01 to 2028-12-01 spans 29 February 2028: 366 days, still "one year"; so is a 365-day certificate.
        var leapStart = new DateTimeOffset(2027, 12, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(366, (leapStart.AddYears(1) - leapStart).TotalDays);
        RuleAssert.NoFinding<CertificateLongLifetimeRule>(AppWith(Certificate(Id(1), 2, AsOf.AddDays(-30), AsOf.AddDays(335)), Certificate(Id(1), 3, leapStart, leapStart.AddYears(1))));
        RuleAssert.NoFinding<CertificateLongLifetimeRule>(AppWith(Certificate(Id(1), 4, AsOf.AddDays(-900), AsOf.AddDays(-10))));
        RuleAssert.NotEvaluatedWithout<CertificateLongLifetimeRule>(AppWith(twoYears));
    }

    [Fact]
    public void An_expired_SAML_signing_certificate_on_a_service_principal_is_low_and_says_how_to_delete_it()
    {
        var app = App(1, "Salesforce");
        var sp = ServicePrincipalOf(app, 2);
        var expiredSign = OnServicePrincipal(Certificate(sp.ObjectId, 1, AsOf.AddDays(-1100), AsOf.AddDays(-5)), sp, "Sign", CredentialPurpose.SamlTokenSigning);
        var expiredVerify = OnServicePrincipal(Certificate(sp.ObjectId, 2, AsOf.AddDays(-1100), AsOf.AddDays(-5)), sp, "Verify", CredentialPurpose.SamlTokenSigning);
        var current = OnServicePrincipal(Certificate(sp.ObjectId, 3, AsOf.AddDays(-20), AsOf.AddDays(1075)), sp, "Sign", CredentialPurpose.SamlTokenSigning);
        var inventory = new TenantInventory { ServicePrincipals = [sp], Credentials = [expiredSign, expiredVerify, current] };

        var finding = RuleAssert.SingleFinding<ServicePrincipalCertificateExpiredRule>(inventory);

        Assert.Equal(Severity.Low, finding.Rule.Severity);
        Assert.Equal(2, finding.Evidence["matchingCertificates"]);
        Assert.Equal(true, finding.Evidence["samlSigning"]);
        Assert.Contains("SAML Certificates", finding.Remediation, StringComparison.Ordinal);
        RuleAssert.NoFinding<ServicePrincipalCertificateExpiringRule>(inventory);
        RuleAssert.NotEvaluatedWithout<ServicePrincipalCertificateExpiredRule>(inventory, "servicePrincipals.keyCredentials");
    }

    [Fact]
    public void A_SAML_signing_certificate_about_to_end_without_a_new_one_is_a_low_outage_warning()
    {
        var app = App(1, "ServiceNow");
        var sp = ServicePrincipalOf(app, 2);
        var sign = OnServicePrincipal(Certificate(sp.ObjectId, 1, AsOf.AddDays(-1080), AsOf.AddDays(15)), sp, "Sign", CredentialPurpose.SamlTokenSigning);
        var verify = OnServicePrincipal(Certificate(sp.ObjectId, 2, AsOf.AddDays(-1080), AsOf.AddDays(15)), sp, "Verify", CredentialPurpose.SamlTokenSigning);
        var password = new CredentialRecord
        {
            TenantId = Tenant, ScanId = ScanOfRecords, OwnerObjectId = sp.ObjectId, CredentialId = sign.CredentialId, OwnerKind = CredentialOwnerKind.ServicePrincipal,
            Kind = CredentialKind.Password, StartsAt = sign.StartsAt, EndsAt = sign.EndsAt, Purpose = CredentialPurpose.SamlTokenSigning,
        };
        var inventory = new TenantInventory { ServicePrincipals = [sp], Credentials = [sign, verify, password] };

        var finding = RuleAssert.SingleFinding<ServicePrincipalCertificateExpiringRule>(inventory);

        Assert.Equal(Severity.Low, finding.Rule.Severity);
        Assert.Contains("single sign-on", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains("New Certificate", finding.Remediation, StringComparison.Ordinal);
        RuleAssert.NotEvaluatedWithout<ServicePrincipalCertificateExpiringRule>(inventory);

        // A three-year SAML signing certificate is Entra's default: no lifetime finding exists for service principals, and the app rule never sees it.
        RuleAssert.NoFinding<CertificateLongLifetimeRule>(new TenantInventory { Applications = [app], ServicePrincipals = [sp], Credentials = [sign, verify, password] });
    }

    [Fact]
    public void Certificates_on_Microsoft_service_principals_are_left_to_the_first_party_rules()
    {
        var exchange = ServicePrincipal(3, ExchangeOnline, "Office 365 Exchange Online", GraphPermissionTiers.MicrosoftTenantId);
        var hybrid = OnServicePrincipal(Certificate(exchange.ObjectId, 1, AsOf.AddDays(-1800), AsOf.AddDays(10)), exchange);
        var expired = OnServicePrincipal(Certificate(exchange.ObjectId, 2, AsOf.AddDays(-1900), AsOf.AddDays(-100)), exchange);
        var inventory = new TenantInventory { ServicePrincipals = [exchange], Credentials = [hybrid, expired] };

        RuleAssert.NoFinding<ServicePrincipalCertificateExpiringRule>(inventory);
        RuleAssert.NoFinding<ServicePrincipalCertificateExpiredRule>(inventory);
        Assert.Equal(0, new ServicePrincipalCertificateExpiredRule().CountEvaluated(inventory, Facts()));
    }
}

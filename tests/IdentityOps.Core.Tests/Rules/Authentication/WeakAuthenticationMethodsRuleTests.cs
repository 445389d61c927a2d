using System.Text.Json;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Rules.Authentication;
using Xunit;
using static IdentityOps.Core.Tests.Rules.Records;

namespace IdentityOps.Core.Tests.Rules.Authentication;

public sealed class WeakAuthenticationMethodsRuleTests
{
    private static readonly string[] Disabled = ["X509Certificate"];

    // As AuthenticationMethodsPolicyReader stores it: method ids by state, the migration state as the SDK's enum name.
    private static TenantInventory With(string[] enabled, string migration = "MigrationComplete") => new()
    {
        Policies = [Policy("authenticationMethodsPolicy", "authenticationMethodsPolicy", JsonSerializer.Serialize(new { policyMigrationState = migration, enabledMethods = enabled, disabledMethods = Disabled }), name: "Authentication Methods Policy")],
    };

    [Fact]
    public void Sms_and_email_enabled_are_weak_methods()
    {
        var finding = RuleAssert.SingleFinding<WeakAuthenticationMethodsRule>(With(["Email", "Fido2", "MicrosoftAuthenticator", "Sms"]));

        Assert.Equal("authenticationMethodsPolicy", finding.ObjectId);
        Assert.Equal(["Email", "Sms"], RuleAssert.Strings(finding, "enabledWeakMethods"));
        Assert.Contains("enables Email, Sms. Codes sent by text message", finding.Explanation, StringComparison.Ordinal);
        // Email OTP is password reset for members and sign-in for guests (allowExternalIdToUseEmailOtp), issue 17 item 13.
        Assert.Contains("self-service password reset method (not a sign-in method)", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains("allowExternalIdToUseEmailOtp", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains("Microsoft Entra admin center > Entra ID > Authentication methods > Policies", finding.Remediation, StringComparison.Ordinal);
        Assert.Contains("remove members from Email OTP's Enable and target scope", finding.Remediation, StringComparison.Ordinal);
        Assert.DoesNotContain("migration state", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unfinished_migration_is_mentioned()
        => Assert.Contains(
            "The policy's migration state is MigrationInProgress",
            RuleAssert.SingleFinding<WeakAuthenticationMethodsRule>(With(["Voice"], "MigrationInProgress")).Explanation,
            StringComparison.Ordinal);

    [Fact]
    public void Strong_methods_only_pass() => RuleAssert.NoFinding<WeakAuthenticationMethodsRule>(With(["Fido2", "MicrosoftAuthenticator", "TemporaryAccessPass"]));

    [Fact]
    public void Weak_methods_are_not_evaluated_without_the_authentication_methods_policy()
        => RuleAssert.NotEvaluatedWithout<WeakAuthenticationMethodsRule>(With(["Sms"]));
}

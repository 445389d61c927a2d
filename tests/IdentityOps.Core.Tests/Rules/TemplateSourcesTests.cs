using System.Text.RegularExpressions;
using IdentityOps.Core.Rules.Engine;
using IdentityOps.Core.Rules.Templates;
using Scriban;
using Xunit;

namespace IdentityOps.Core.Tests.Rules;

/// <summary>
/// The source comments at the top of a rule's template (core/Rules/Templates/SOURCES.md): well-formed, invisible in
/// the rendered text, and present on every template whose text has been checked against Microsoft's documentation.
/// </summary>
public sealed partial class TemplateSourcesTests
{
    private static readonly RuleCatalog Catalog = new();

    /// <summary>
    /// Templates whose explanation and remediation were checked against the cited docs (issue 17). Every rule belongs
    /// here once its text is checked; then this list gives way to "every template".
    /// </summary>
    private static readonly HashSet<string> Checked = new(StringComparer.Ordinal)
    {
        "AdminConsentWorkflowOffRule",
        "AdminMfaNotEnforcedRule",
        "AppCredentialLifetimeUnrestrictedRule",
        "BreakGlassNotConfiguredRule",
        "BreakGlassNotExcludedRule",
        "CredentialOnFirstPartyServicePrincipalRule",
        "CredentialOnServicePrincipalRule",
        "DeviceCodeFlowNotBlockedRule",
        "FederatedCredentialOnPrivilegedAppRule",
        "GlobalAdminCountRule",
        "GraphHighPermissionRule",
        "GraphSensitiveDataPermissionRule",
        "GraphTier0PermissionRule",
        "GuestInvitesEveryoneRule",
        "GuestPrivilegedRule",
        "GuestStaleRule",
        "HybridCertificateOnFirstPartyServicePrincipalRule",
        "ImplicitGrantRule",
        "LegacyAuthenticationSignInRule",
        "MultipleActiveSecretsRule",
        "NoLegacyAuthenticationBlockRule",
        "NoMfaForAllUsersRule",
        "NoOwnersRule",
        "OwnedByDisabledUserRule",
        "OwnedByGuestRule",
        "PermanentPrivilegedAssignmentRule",
        "PrivilegedAppOwnedByNonAdminRule",
        "PrivilegedLegacyAuthenticationSignInRule",
        "PrivilegedSignInWithoutMfaRule",
        "PrivilegedUserStaleRule",
        "RedirectLocalhostRule",
        "RedirectPlainHttpRule",
        "RedirectSharedCloudDomainRule",
        "RedirectWildcardRule",
        "SecretExpiredRule",
        "SecretExpiringRule",
        "SecretExpiringSoonRule",
        "SecretLongLifetimeRule",
        "SecretWhereCertificateWouldServeRule",
        "SecretWithoutRealisticEndRule",
        "ServicePrincipalPrivilegedRule",
        "SyncedAccountPrivilegedRule",
        "UnusedApplicationRule",
        "UsersCanConsentLowImpactRule",
        "UsersCanConsentRule",
        "UsersCanRegisterAppsRule",
        "UserStaleRule",
        "WeakAuthenticationMethodsRule",
    };

    [GeneratedRegex(@"^\{\{~ # source: https://[^\s}]+ \(checked \d{4}-\d{2}-\d{2}\): [^{}]+ ~\}\}$")]
    private static partial Regex SourceLine();

    public static TheoryData<string> TemplateNames()
    {
        var data = new TheoryData<string>();
        foreach (var rule in Catalog.Rules)
        {
            data.Add(rule.GetType().Name);
        }

        return data;
    }

    [Fact]
    public void A_source_comment_renders_nothing_and_the_captures_after_it_are_unchanged()
    {
        const string Body = "{{~ capture explanation ~}}\nSaid {{ 1 + 1 }} times.\n{{~ end ~}}\n{{~ capture remediation ~}}\nDo it.\n{{~ end ~}}\n";
        const string Sources = "{{~ # source: https://learn.microsoft.com/entra/identity-platform/reply-url (checked 2026-12-07): loopback is allowed ~}}\n"
            + "{{~ # source: https://www.rfc-editor.org/rfc/rfc8252#section-7.3 (checked 2026-12-07): any port, http ~}}\n";

        Assert.Equal(Captures(Body), Captures(Sources + Body));
        Assert.Matches(SourceLine(), Sources.Split('\n')[0]);
        Assert.Equal("", Template.Parse(Sources).Render());
    }

    [Theory]
    [MemberData(nameof(TemplateNames))]
    public void Every_comment_line_is_a_well_formed_source_that_renders_nothing(string templateName)
    {
        foreach (var line in RuleTemplates.Source(templateName).Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("{{~ #", StringComparison.Ordinal)))
        {
            Assert.True(SourceLine().IsMatch(line), $"{templateName}: not a source line as SOURCES.md describes: {line}");
            var alone = Template.Parse(line);
            Assert.False(alone.HasErrors, $"{templateName}: {string.Join("; ", alone.Messages)}");
            Assert.Equal("", alone.Render());
        }
    }

    [Theory]
    [MemberData(nameof(TemplateNames))]
    public void A_checked_template_cites_at_least_one_source(string templateName)
    {
        if (!Checked.Contains(templateName))
        {
            return;
        }

        var sources = RuleTemplates.Source(templateName).Split('\n').Select(l => l.TrimEnd('\r')).Count(l => SourceLine().IsMatch(l));
        Assert.True(sources > 0, $"{templateName}.scriban cites no source (see core/Rules/Templates/SOURCES.md)");
    }

    [Fact]
    public void The_checked_list_names_only_real_templates()
        => Assert.All(Checked, name => Assert.Contains(Catalog.Rules, rule => rule.GetType().Name == name));

    private static (string, string) Captures(string text)
    {
        var template = Template.Parse(text);
        Assert.False(template.HasErrors, string.Join("; ", template.Messages));
        var globals = new Scriban.Runtime.ScriptObject();
        var context = new TemplateContext();
        context.PushGlobal(globals);
        template.Render(context);
        return (globals["explanation"]?.ToString() ?? "<none>", globals["remediation"]?.ToString() ?? "<none>");
    }
}

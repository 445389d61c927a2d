using IdentityOps.Core.Rules;
using IdentityOps.Core.Rules.Coverage;
using IdentityOps.Core.Rules.Engine;
using Xunit;

namespace IdentityOps.Core.Tests.Rules.Coverage;

/// <summary>
/// The mapping defects issue 19 measured, each as a class a test can state: a peer control named by a rule that cannot
/// see what the control checks (MS.AAD.5.1v1 on Graph-permission rules, MS.AAD.5.2v1 and CIS 5.1.5.1 on grant rules),
/// a phishing-resistant control on rules that accept any MFA, ids of a superseded version, and bare ids in docs/rules.md.
/// </summary>
public sealed class PeerMappingTests
{
    /// <summary>The catalogue's data tags (shared/reference/peer-checks.md) as the rule inputs that carry that data.</summary>
    private static readonly Dictionary<string, string[]> InputsOfTag = new(StringComparer.Ordinal)
    {
        ["authz"] = ["authorizationPolicy"],
        ["ca"] = ["conditionalAccessPolicies"],
        ["role"] = ["directoryRoles"],
        ["user"] = ["users"],
        ["sp"] = ["servicePrincipals", "appRoleAssignments"],
        ["app"] = ["applications"],
        ["grant"] = ["oauth2PermissionGrants"],
        ["mfa"] = ["userRegistrationDetails"],
        ["secdef"] = ["securityDefaults"],
        ["authm"] = ["authenticationMethodsPolicy"],
        ["pim"] = ["roleSchedules"],
        ["org"] = ["organization"],
        ["domain"] = ["domains"], // issue 19 C
        ["dirset"] = ["directorySettings"],
        ["pimpolicy"] = ["roleManagementPolicies"],
    };

    /// <summary>Controls that demand phishing-resistant MFA (ScubaGear's IsPhishingResistantMFA: an authentication strength of Windows Hello, FIDO2 or certificate only).</summary>
    private static readonly (string Framework, string Control)[] PhishingResistantControls =
    [
        (Frameworks.Scuba, "MS.AAD.3.1v1"), (Frameworks.Scuba, "MS.AAD.3.6v1"), (Frameworks.CisaMaester, "CISA.MS.AAD.3.1"), (Frameworks.CisaMaester, "CISA.MS.AAD.3.6"),
    ];

    private static readonly IReadOnlyList<RuleDefinition> Rules = [.. new RuleCatalog().Rules.Select(r => r.Definition)];

    [Fact]
    public void A_peer_control_is_named_only_by_rules_that_read_the_data_it_checks()
        => Assert.Equal([], BlindMappings(Rules));

    [Fact]
    public void The_app_registration_control_on_a_Graph_permission_rule_is_caught()
    {
        // The mapping issue 19 found on app-graph-tier0-permission: 5.1 is "only admins register apps", an authorization policy setting.
        var tier0 = Rules.Single(r => r.Id == "app-graph-tier0-permission");
        var old = tier0 with { Frameworks = [.. tier0.Frameworks, FrameworkReference.Scuba("MS.AAD.5.1v1")] };

        Assert.Equal(["app-graph-tier0-permission: CISA SCuBA (Entra ID baseline) MS.AAD.5.1v1 reads authz"], BlindMappings([old]));
    }

    [Fact]
    public void Phishing_resistant_controls_are_named_only_by_rules_that_read_authentication_strengths()
    {
        var anyMfa = Rules
            .Where(rule => !rule.Inputs.Any(i => i.Contains("authenticationStrength", StringComparison.OrdinalIgnoreCase)))
            // A rule over the methods users registered (issue 19 E2) judges the method itself, not "any MFA", and names no control.
            .Where(rule => !(rule.Inputs.Any(i => i.StartsWith("userRegistrationDetails", StringComparison.Ordinal)) && !rule.Frameworks.Any(f => PhishingResistantControls.Contains((f.Framework, f.Control)))))
            .Where(rule => rule.Frameworks.Any(f => PhishingResistantControls.Contains((f.Framework, f.Control)))
                || rule.Title.Contains("phishing-resistant", StringComparison.OrdinalIgnoreCase))
            .Select(rule => rule.Id)
            .ToList();

        Assert.True(anyMfa.Count == 0, "Claim phishing-resistant MFA yet never read an authentication strength, so accept any MFA: " + string.Join(", ", anyMfa));
    }

    [Fact]
    public void ScubaGear_ids_carry_the_current_baseline_version()
    {
        // aad.md at cisagov/ScubaGear@4d34e9a: MS.AAD.3.2v2 and MS.AAD.3.5v2 replaced their v1.
        Assert.NotNull(PeerCheckCatalog.Find(Frameworks.Scuba, "MS.AAD.3.2v2"));
        Assert.Null(PeerCheckCatalog.Find(Frameworks.Scuba, "MS.AAD.3.2v1"));
        Assert.Null(PeerCheckCatalog.Find(Frameworks.Scuba, "MS.AAD.3.5v1"));
        Assert.Empty(PeerCoverageMap.Unlisted(Rules));
    }

    [Fact]
    public void CIS_references_name_the_benchmark_version_their_numbers_follow()
        => Assert.EndsWith(" " + PeerCheckCatalog.CisVersion, Frameworks.Cis, StringComparison.Ordinal);

    [Fact]
    public void A_partial_mapping_says_how_it_differs()
    {
        Assert.Throws<ArgumentException>(() => FrameworkReference.Scuba("MS.AAD.5.2v1").Partially(" "));
        Assert.Equal("MS.AAD.5.2v1 (partial)", FrameworkReference.Scuba("MS.AAD.5.2v1").Partially("fails on the legacy policy only").Cited);
        Assert.Equal("MS.AAD.5.1v1", FrameworkReference.Scuba("MS.AAD.5.1v1").Cited);
    }

    [Fact]
    public void The_rules_document_names_each_control_with_its_framework()
    {
        var row = RulesDocumentTests.Table().Split('\n').Single(line => line.StartsWith("| `policy-users-can-register-apps` |", StringComparison.Ordinal));

        Assert.Contains($"{Frameworks.Cis} 5.1.2.2", row, StringComparison.Ordinal);
        Assert.Contains($"{Frameworks.Scuba} MS.AAD.5.1v1", row, StringComparison.Ordinal);
        Assert.Contains($"{Frameworks.Eidsca} EIDSCA.AP10", row, StringComparison.Ordinal);
    }

    /// <summary>
    /// Each reference to a catalogue control by a rule that does not read the control's data: a full mapping must read
    /// everything the control reads, a partial one at least part of it. Data IdentityOps does not collect (<c>o:…</c>) is not judged.
    /// </summary>
    private static List<string> BlindMappings(IEnumerable<RuleDefinition> rules)
    {
        var blind = new List<string>();
        foreach (var rule in rules)
        {
            var read = rule.Inputs.Select(RuleInputs.CollectionOf).ToHashSet(StringComparer.Ordinal);
            foreach (var reference in rule.Frameworks)
            {
                if (PeerCheckCatalog.Find(reference.Framework, reference.Control) is not { } check)
                {
                    continue;
                }

                var tags = check.DataSources.Where(t => !t.StartsWith("o:", StringComparison.Ordinal)).ToList();
                var unknown = tags.Where(t => !InputsOfTag.ContainsKey(t)).ToList();
                Assert.True(unknown.Count == 0, $"peer-checks.tsv: unknown data tag {string.Join(", ", unknown)} on {check.PeerId}");
                var unread = tags.Where(t => !InputsOfTag[t].Any(read.Contains)).ToList();
                if (reference.IsPartial ? tags.Count > 0 && unread.Count == tags.Count : unread.Count > 0)
                {
                    blind.Add($"{rule.Id}: {reference.Framework} {reference.Control} reads {string.Join(" ", unread)}");
                }
            }
        }

        return blind;
    }
}

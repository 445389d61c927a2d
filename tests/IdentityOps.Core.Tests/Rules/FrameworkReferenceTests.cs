using IdentityOps.Core.Rules;
using IdentityOps.Core.Rules.Engine;
using Xunit;

namespace IdentityOps.Core.Tests.Rules;

/// <summary>The "Microsoft Entra recommendations" a rule cites exist in Microsoft's list, under their real names and ids.</summary>
public sealed class FrameworkReferenceTests
{
    /// <summary>
    /// Microsoft Graph's <c>recommendationType</c> enum, copied from shared/reference/graph-schema/beta-enum-types.json
    /// (Microsoft Graph beta CSDL) on 2026-12-07.
    /// </summary>
    private static readonly HashSet<string> GraphRecommendationTypes = new(StringComparer.Ordinal)
    {
        "aadConnectDeprecated", "aadGraphDeprecationApplication", "aadGraphDeprecationServicePrincipal", "adalToMsalMigration", "adfsAppsMigration",
        "adminMFAV2", "applicationCredentialExpiry", "appRoleAssignmentsGroups", "appRoleAssignmentsUsers", "blockLegacyAuthentication",
        "enableDesktopSSO", "enablePHS", "enableProvisioning", "inactiveGuests", "integratedApps", "longLivedCredentials", "managedIdentity",
        "mfaRegistrationV2", "mfaServerDeprecation", "oneAdmin", "overprivilegedApps", "ownerlessApps", "passwordHashSync", "privateLinkForAAD",
        "pwagePolicyNew", "roleOverlap", "selfServicePasswordReset", "servicePrincipalKeyExpiry", "signinRiskPolicy", "staleAppCreds", "staleApps",
        "switchFromPerUserMFA", "tenantMFA", "thirdPartyApps", "turnOffPerUserMFA", "useAuthenticatorApp", "useMyApps", "userRiskPolicy", "verifyAppPublisher",
    };

    [Fact]
    public void Every_Entra_reference_of_the_catalogue_is_a_published_recommendation()
    {
        var published = EntraRecommendation.All.Select(r => r.Label).ToHashSet(StringComparer.Ordinal);

        var invented = new RuleCatalog().Rules
            .SelectMany(rule => rule.Definition.Frameworks.Where(f => f.Framework == Frameworks.Entra).Select(f => $"{rule.Definition.Id}: {f.Control}"))
            .Where(entry => !published.Contains(entry[(entry.IndexOf(": ", StringComparison.Ordinal) + 2)..]))
            .ToList();

        Assert.True(invented.Count == 0, "Not in Microsoft's list of Entra recommendations: " + string.Join("; ", invented));
    }

    [Fact]
    public void Every_listed_recommendation_carries_its_Graph_id()
        => Assert.All(EntraRecommendation.All, r => Assert.Contains(r.Type, GraphRecommendationTypes));

    [Fact]
    public void The_report_label_is_the_name_then_the_id()
        => Assert.Equal("Remove unused applications (staleApps)", FrameworkReference.Entra(EntraRecommendation.RemoveUnusedApplications).Control);
}

namespace IdentityOps.Core.Rules;

/// <summary>
/// A recommendation in Microsoft's published list of Microsoft Entra recommendations, by its name there and its
/// <c>recommendationType</c> in Microsoft Graph (<c>/beta/directory/recommendations</c>). The constructor is private:
/// a rule can cite only a recommendation listed here, so the "Microsoft Entra recommendations" column never names one
/// that does not exist. A rule cites one only when the recommendation flags the same condition.
/// </summary>
/// <remarks>
/// Source: https://learn.microsoft.com/entra/identity/monitoring-health/overview-recommendations (the
/// "Recommendations overview table", checked 2026-12-07) and the recommendation pages beside it; the ids are
/// Graph's recommendationType enum (graph-schema beta-enum-types.json). Of the labels the rules carried before
/// issue 17, only these exist; "Redirect URI restrictions", "Review application owners", "Remove unused implicit
/// grant settings" and the others were article titles or our own wording.
/// </remarks>
public sealed record EntraRecommendation
{
    /// <summary>Application credentials that expire soon (Workload ID Premium).</summary>
    public static readonly EntraRecommendation RenewExpiringApplicationCredentials = new("applicationCredentialExpiry", "Renew expiring application credentials");

    /// <summary>
    /// Service principal credentials that expire soon (issue 19 E1; learn.microsoft.com/entra/identity/monitoring-health/recommendation-renew-expiring-service-principal-credential,
    /// checked 2026-12-07: recommendationType servicePrincipalKeyExpiry).
    /// </summary>
    public static readonly EntraRecommendation RenewExpiringServicePrincipalCredentials = new("servicePrincipalKeyExpiry", "Renew expiring service principal credentials");

    /// <summary>Applications with no sign-in (token issuance) for 30 days (Workload ID Premium).</summary>
    public static readonly EntraRecommendation RemoveUnusedApplications = new("staleApps", "Remove unused applications");

    /// <summary>Multitenant applications without a verified publisher.</summary>
    public static readonly EntraRecommendation VerifyAppPublisher = new("verifyAppPublisher", "Verify App Publisher");

    /// <summary>No Conditional Access policy blocks legacy authentication (Identity Secure Score).</summary>
    public static readonly EntraRecommendation BlockLegacyAuthentication = new("blockLegacyAuthentication", "Enable policy to block legacy authentication");

    /// <summary>Users may consent to applications themselves (Identity Secure Score control IntegratedApps).</summary>
    public static readonly EntraRecommendation RestrictUserConsent = new("integratedApps", "Do not allow users to grant consent to unreliable applications");

    public static IReadOnlyList<EntraRecommendation> All { get; } =
        [RenewExpiringApplicationCredentials, RenewExpiringServicePrincipalCredentials, RemoveUnusedApplications, VerifyAppPublisher, BlockLegacyAuthentication, RestrictUserConsent];

    private EntraRecommendation(string type, string name)
    {
        Type = type;
        Name = name;
    }

    /// <summary>The recommendation's <c>recommendationType</c> in Microsoft Graph, e.g. <c>staleApps</c>.</summary>
    public string Type { get; }

    /// <summary>The recommendation's name in the Microsoft Entra admin center.</summary>
    public string Name { get; }

    /// <summary>How reports show it: the name, then the Graph id.</summary>
    public string Label => $"{Name} ({Type})";
}

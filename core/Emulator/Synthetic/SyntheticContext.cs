using System.Globalization;

namespace IdentityOps.Emulator.Synthetic;

/// <summary>Everything the generator's steps share: the spec, the tenant's identity, the planned objects and the planted risks.</summary>
internal sealed class SyntheticContext
{
    private static readonly string[] CompanyNames =
        ["Contoso", "Fabrikam", "Northwind", "Tailspin", "Woodgrove", "Adatum", "Litware", "Proseware", "Wingtip", "Relecloud"];

    private readonly List<PlantedRisk> risks = [];
    private int canarySerial;

    public SyntheticContext(SyntheticTenantSpec spec)
    {
        Spec = spec;
        AsOf = spec.AsOf.ToUniversalTime();
        TenantId = Id("tenant", 0);
        var seedText = ((uint)spec.Seed).ToString(CultureInfo.InvariantCulture);
        CompanyName = CompanyNames[(int)((uint)spec.Seed % CompanyNames.Length)];
        var slug = CompanyName.ToLowerInvariant();
        OrganizationDisplayName = $"{CompanyName} (synthetic {seedText})";
        Domain = $"{slug}{seedText}.example";
        InitialDomain = $"{slug}{seedText}.onmicrosoft.com";
    }

    public SyntheticTenantSpec Spec { get; }
    public DateTimeOffset AsOf { get; }
    public Guid TenantId { get; }
    public string CompanyName { get; }
    public string OrganizationDisplayName { get; }

    /// <summary>The verified custom domain (default); app redirect URIs of clean apps live under it.</summary>
    public string Domain { get; }

    /// <summary>The initial <c>*.onmicrosoft.com</c> domain; guests' UPNs end with it.</summary>
    public string InitialDomain { get; }

    public List<SyntheticUser> Users { get; } = [];
    public List<SyntheticApp> Apps { get; } = [];
    public List<SyntheticServicePrincipal> ServicePrincipals { get; } = [];
    public List<SyntheticAppRoleAssignment> AppRoleAssignments { get; } = [];
    public List<SyntheticGrant> Grants { get; } = [];
    public List<SyntheticRoleAssignment> RoleAssignments { get; } = [];

    /// <summary>PIM eligible assignments that are not active now (no activation): in roleEligibilitySchedules only.</summary>
    public List<SyntheticRoleAssignment> EligibleOnlyAssignments { get; } = [];

    public SyntheticServicePrincipal GraphServicePrincipal { get; set; } = null!;
    public SyntheticServicePrincipal ExchangeServicePrincipal { get; set; } = null!;
    public SyntheticServicePrincipal SharePointServicePrincipal { get; set; } = null!;

    /// <summary>Service principals that expose app roles: each gets an <c>appRoleAssignedTo</c> file.</summary>
    public List<SyntheticServicePrincipal> ResourceServicePrincipals { get; } = [];

    /// <summary>Users eligible to own clean apps or hold clean roles: noise members, enabled, cloud-only, MFA, recent sign-in.</summary>
    public List<SyntheticUser> CleanMembers { get; } = [];

    public IReadOnlyList<PlantedRisk> PlantedRisks => risks;

    public Guid Id(string kind, long index) => SyntheticIds.Guid(Spec.Seed, kind, index);

    public string Opaque(string kind, long index, int length) => SyntheticIds.Opaque(Spec.Seed, kind, index, length);

    public SyntheticRandom Random(string collection) => new(Spec.Seed, collection);

    public DateTimeOffset DaysAgo(double days) => AsOf.AddDays(-days);

    public DateTimeOffset DaysAhead(double days) => AsOf.AddDays(days);

    /// <summary>A running number that makes every canary value unique (secret text, key material, thumbprint).</summary>
    public int NextCanarySerial() => ++canarySerial;

    public void Plant(string riskId, string objectType, string objectId, string description)
    {
        if (risks.Exists(risk => risk.RiskId == riskId && risk.ObjectId == objectId))
        {
            throw new InvalidOperationException($"Risk {riskId} is already planted on {objectId}.");
        }

        risks.Add(new PlantedRisk(riskId, objectType, objectId, description));
    }

    public void Plant(string riskId, SyntheticApp app, string description)
        => Plant(riskId, PlantedObjectTypes.Application, SyntheticJson.Id(app.Id), description);

    public void Plant(string riskId, SyntheticUser user, string description)
        => Plant(riskId, PlantedObjectTypes.User, SyntheticJson.Id(user.Id), description);

    public void Plant(string riskId, SyntheticServicePrincipal servicePrincipal, string description)
        => Plant(riskId, PlantedObjectTypes.ServicePrincipal, SyntheticJson.Id(servicePrincipal.Id), description);
}

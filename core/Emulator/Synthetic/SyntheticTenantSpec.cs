namespace IdentityOps.Emulator.Synthetic;

/// <summary>
/// The shape of a synthetic tenant: a seed and the number of users, app registrations and service
/// principals. <see cref="AsOf"/> is "now" for the tenant: every date in it is relative to it.
/// </summary>
/// <remarks>
/// <see cref="ServicePrincipals"/> counts every service principal: one per app registration, the
/// Microsoft first-party ones, and third-party and managed-identity ones filling the rest. The
/// planted risks need a minimum of each (<see cref="MinimumUsers"/>, <see cref="MinimumApplications"/>,
/// <see cref="MinimumExtraServicePrincipals"/> beyond the applications).
/// </remarks>
public sealed record SyntheticTenantSpec(int Seed, int Users, int Applications, int ServicePrincipals, DateTimeOffset AsOf)
{
    public const int MinimumUsers = 64;
    public const int MinimumApplications = 40;

    /// <summary>Service principals needed beyond one per application: Microsoft first-party and a third-party one.</summary>
    public static int MinimumExtraServicePrincipals => SyntheticServicePrincipals.FixedExtraCount;

    private static readonly DateTimeOffset DefaultAsOf = new(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Seed 42: 300 users, 80 apps, 200 service principals. Generates in well under a second.</summary>
    public static SyntheticTenantSpec Small { get; } = new(42, 300, 80, 200, DefaultAsOf);

    /// <summary>Seed 4242: 20,000 users, 5,000 apps, 12,000 service principals.</summary>
    public static SyntheticTenantSpec Medium { get; } = new(4242, 20_000, 5_000, 12_000, DefaultAsOf);

    /// <summary>
    /// Seed 1718: 100,000 users, 20,000 apps, 110,000 service principals — the size of the tenant in
    /// CISA ScubaGear issue #1718.
    /// </summary>
    public static SyntheticTenantSpec Large { get; } = new(1718, 100_000, 20_000, 110_000, DefaultAsOf);

    internal void Validate()
    {
        if (Users < MinimumUsers)
        {
            throw new ArgumentOutOfRangeException(nameof(Users), Users, $"A synthetic tenant needs at least {MinimumUsers} users for its planted risks.");
        }

        if (Applications < MinimumApplications)
        {
            throw new ArgumentOutOfRangeException(nameof(Applications), Applications, $"A synthetic tenant needs at least {MinimumApplications} applications for its planted risks.");
        }

        if (ServicePrincipals < Applications + MinimumExtraServicePrincipals)
        {
            throw new ArgumentOutOfRangeException(
                nameof(ServicePrincipals),
                ServicePrincipals,
                $"A synthetic tenant needs one service principal per application plus {MinimumExtraServicePrincipals} (Microsoft first-party and third-party).");
        }

        if (AsOf.Year < 2001 || AsOf.Year > 9000)
        {
            throw new ArgumentOutOfRangeException(nameof(AsOf), AsOf, "AsOf must leave room for dates years before and after it.");
        }
    }
}

using System.Text.Json.Nodes;

namespace IdentityOps.Emulator.Synthetic;

/// <summary>
/// The sign-in log of the 30 days before AsOf, newest first. Every app of the tenant except the
/// planted unused one appears at least once; legacy protocols appear only for the planted users;
/// every privileged user who signs in has a few modern sign-ins to Microsoft admin portals, and two
/// of them pass with a single factor (the planted <see cref="PlantedRiskIds.SignInPrivilegedWithoutMfa"/>).
/// Each event carries canary IP, user agent, device and location values the product must drop.
/// </summary>
internal static class SyntheticSignIns
{
    public const int LogDays = 30;
    public const int MaximumEvents = 200_000;
    private const int LegacyEventsPerUser = 3;
    private const int PrivilegedEventsPerUser = 4;

    /// <summary>Of the privileged events of the planted MFA-registered user, this many passed with a single factor.</summary>
    public const int SingleFactorEventsOfRegisteredAdmin = 2;

    private static readonly string[] PopularFirstPartyApps = ["Office Home", "Microsoft Teams", "Outlook Mobile", "Microsoft Office", "OneDrive SyncEngine", "Azure Portal"];

    private static readonly (string OperatingSystem, string Browser)[] Devices =
    [
        ("Windows10", "Edge 131.0.0"), ("Windows10", "Chrome 131.0.0"), ("MacOs", "Safari 18.1"), ("Ios", "Mobile Safari 18.1"),
        ("Android", "Chrome Mobile 131.0.0"), ("Windows10", "Rich Client 5.2.0"),
    ];

    private static readonly (string State, string Country, double Latitude, double Longitude)[] Places =
    [
        ("Noord-Holland", "NL", 52.37, 4.89), ("Bavaria", "DE", 48.14, 11.58), ("Ile-de-France", "FR", 48.86, 2.35),
        ("England", "GB", 51.51, -0.13), ("Washington", "US", 47.61, -122.33), ("Ontario", "CA", 43.65, -79.38),
    ];

    /// <summary>
    /// The number of events: 5 per user up to 1,000 users, then 2 per additional user, at most
    /// <see cref="MaximumEvents"/> — so Large stays a few hundred megabytes of JSON.
    /// </summary>
    public static int PlannedEventCount(int users)
        => users <= 1000 ? users * 5 : (int)Math.Min(MaximumEvents, 5000L + (2L * (users - 1000)));

    /// <summary>One event; <paramref name="SingleFactor"/> forces a single-factor sign-in on a user registered for MFA.</summary>
    private readonly record struct SignInEvent(long Ticks, int Ordinal, SyntheticUser User, AppRef App, string ClientAppUsed, bool Failed, bool SingleFactor = false);

    /// <summary>
    /// Plants the privileged users who sign in without MFA: the one not registered for it, and one
    /// who is registered but has <see cref="SingleFactorEventsOfRegisteredAdmin"/> single-factor sign-ins.
    /// Needs the role assignments (run after <see cref="SyntheticRoles.Plan"/>).
    /// </summary>
    public static void Plan(SyntheticContext context)
    {
        var users = context.Users;
        context.Plant(PlantedRiskIds.SignInPrivilegedWithoutMfa, users[SyntheticUsers.PrivilegedNoMfa],
            $"A User Administrator not registered for MFA whose {PrivilegedEventsPerUser}+ successful Browser sign-ins to Microsoft admin portals all have authenticationRequirement singleFactorAuthentication.");
        context.Plant(PlantedRiskIds.SignInPrivilegedWithoutMfa, users[SyntheticUsers.PrivilegedSynced],
            $"A Privileged Authentication Administrator registered for MFA, {SingleFactorEventsOfRegisteredAdmin} of whose {PrivilegedEventsPerUser} admin-portal sign-ins passed with a single factor.");
        foreach (var member in context.RoleAssignments.Select(a => a.Group).OfType<SyntheticGroup>().Where(g => g.DisplayName == SyntheticRoles.PrivilegedGroupName).SelectMany(g => g.Members))
        {
            context.Plant(PlantedRiskIds.SignInPrivilegedWithoutMfa, member,
                $"A member of the role-assignable group {SyntheticRoles.PrivilegedGroupName} (Authentication Administrator), not registered for MFA, whose {PrivilegedEventsPerUser} admin-portal sign-ins all passed with a single factor.");
        }

        // issue 19 E3: the same admin's single-factor sign-ins are the ones no Conditional Access policy applied to.
        context.Plant(PlantedRiskIds.SignInConditionalAccessNotApplied, users[SyntheticUsers.PrivilegedSynced],
            $"A Privileged Authentication Administrator {SingleFactorEventsOfRegisteredAdmin} of whose {PrivilegedEventsPerUser} successful admin-portal sign-ins have conditionalAccessStatus notApplied; every other privileged user's successful sign-ins have success.");
    }

    /// <summary>Users assigned a directory role Graph marks privileged, directly or as a group's members, in assignment order.</summary>
    public static IReadOnlyList<SyntheticUser> PrivilegedUsers(SyntheticContext context)
    {
        var privileged = GraphReferenceData.BuiltInRoles.Where(role => role.IsPrivileged).Select(role => role.TemplateId).ToHashSet(StringComparer.Ordinal);
        return context.RoleAssignments
            .Where(a => privileged.Contains(a.RoleDefinitionId))
            .SelectMany(a => a.User is { } user ? Enumerable.Repeat(user, 1) : a.Group?.Members ?? Enumerable.Empty<SyntheticUser>())
            .DistinctBy(user => user.Index)
            .ToList();
    }

    private readonly record struct AppRef(string AppId, string DisplayName);

    public static byte[] SignInsFile(SyntheticContext context)
    {
        var privileged = PrivilegedUsers(context).Select(user => user.Index).ToHashSet();
        var random = context.Random("signIns");
        var windowStart = context.DaysAgo(LogDays);
        bool Active(SyntheticUser user) => user.AccountEnabled && user.LastSignIn is { } last && last > windowStart && user.LegacyClientApp is null;
        var active = context.Users.Where(Active).ToList();
        var tenantApps = context.Apps.Where(app => app.HasSignIns).Select(app => new AppRef(SyntheticJson.Id(app.AppId), app.DisplayName)).ToList();
        var firstParty = GraphReferenceData.FirstPartyApps.Where(app => PopularFirstPartyApps.Contains(app.DisplayName)).Select(app => new AppRef(app.AppId, app.DisplayName)).ToList();
        var exchange = new AppRef(SyntheticJson.Id(GraphReferenceData.ExchangeOnlineAppId), "Office 365 Exchange Online");

        var events = new List<SignInEvent>(Math.Max(PlannedEventCount(context.Spec.Users), tenantApps.Count + 16));
        SignInEvent Event(SyntheticUser user, AppRef app, string clientApp, bool failed, bool singleFactor = false)
        {
            var earliest = user.CreatedDateTime > windowStart ? user.CreatedDateTime : windowStart;
            var latest = user.LastSignIn!.Value;
            var time = latest <= earliest ? latest : latest - random.Between(TimeSpan.Zero, latest - earliest);
            return new SignInEvent(time.UtcTicks, events.Count, user, app, clientApp, failed, singleFactor);
        }

        foreach (var user in context.Users.Where(user => user.LegacyClientApp is not null))
        {
            for (var i = 0; i < LegacyEventsPerUser; i++)
            {
                events.Add(Event(user, exchange, user.LegacyClientApp!, failed: false));
            }

            events.Add(Event(user, random.Pick(firstParty), "Browser", failed: false));
        }

        var portals = GraphReferenceData.FirstPartyApps.Where(app => app.DisplayName == "Azure Portal").Select(app => new AppRef(app.AppId, app.DisplayName)).ToList();
        foreach (var user in PrivilegedUsers(context).Where(Active))
        {
            for (var i = 0; i < PrivilegedEventsPerUser; i++)
            {
                var singleFactor = user.Index == SyntheticUsers.PrivilegedSynced && i < SingleFactorEventsOfRegisteredAdmin;
                events.Add(Event(user, random.Pick(portals), "Browser", failed: false, singleFactor));
            }
        }

        foreach (var app in tenantApps)
        {
            events.Add(Event(random.Pick(active), app, ModernClient(random), failed: false));
        }

        var total = Math.Max(PlannedEventCount(context.Spec.Users), events.Count);
        while (events.Count < total)
        {
            var app = random.Chance(0.65) ? random.Pick(firstParty) : random.Pick(tenantApps);
            events.Add(Event(random.Pick(active), app, ModernClient(random), failed: random.Chance(0.03)));
        }

        // Graph lists sign-ins newest first; the ordinal breaks ties so the order is total.
        events.Sort(static (a, b) => a.Ticks != b.Ticks ? b.Ticks.CompareTo(a.Ticks) : a.Ordinal.CompareTo(b.Ordinal));

        using var builder = new JsonCollectionBuilder();
        for (var position = 0; position < events.Count; position++)
        {
            builder.Add(ToJson(context, random, events[position], position, privileged));
        }

        return builder.Build();
    }

    /// <summary>
    /// issue 19 E3: legacy and failed events and the planted admin's single-factor events had no policy applied;
    /// every other successful sign-in of an admin or privileged user (group members included) had one.
    /// </summary>
    private static string ConditionalAccessStatus(SignInEvent signIn, bool legacy, bool privileged)
        => legacy || signIn.Failed || signIn.SingleFactor || !(signIn.User.IsAdmin || privileged) ? "notApplied" : "success";

    private static string ModernClient(SyntheticRandom random) => random.Chance(0.65) ? "Browser" : "Mobile Apps and Desktop clients";

    private static JsonObject ToJson(SyntheticContext context, SyntheticRandom random, SignInEvent signIn, int position, HashSet<int> privileged)
    {
        var user = signIn.User;
        var legacy = user.LegacyClientApp is not null && signIn.ClientAppUsed == user.LegacyClientApp;
        var (operatingSystem, browser) = legacy ? ("Windows10", signIn.ClientAppUsed) : random.Pick(Devices);
        var place = random.Pick(Places);
        var managed = !legacy && random.Chance(0.6);
        return new JsonObject
        {
            ["id"] = SyntheticJson.Id(context.Id("signIn", position)),
            ["createdDateTime"] = SyntheticJson.Time(new DateTimeOffset(signIn.Ticks, TimeSpan.Zero)),
            ["userDisplayName"] = user.DisplayName,
            ["userPrincipalName"] = user.UserPrincipalName,
            ["userId"] = SyntheticJson.Id(user.Id),
            ["appId"] = signIn.App.AppId,
            ["appDisplayName"] = signIn.App.DisplayName,
            ["ipAddress"] = $"{SyntheticCanaries.IpAddressPrefix}{SyntheticJson.Int(1 + random.Next(254))}",
            ["userAgent"] = $"Mozilla/5.0 ({operatingSystem}) {SyntheticCanaries.UserAgentMarker}/{SyntheticJson.Int(position)}",
            ["clientAppUsed"] = signIn.ClientAppUsed,
            ["correlationId"] = SyntheticJson.Id(context.Id("signInCorrelation", position)),
            ["conditionalAccessStatus"] = ConditionalAccessStatus(signIn, legacy, privileged.Contains(user.Index)),
            ["authenticationRequirement"] = legacy || signIn.Failed || signIn.SingleFactor || !user.MfaRegistered ? "singleFactorAuthentication" : "multiFactorAuthentication",
            ["isInteractive"] = true,
            ["riskDetail"] = "none",
            ["riskLevelAggregated"] = "none",
            ["riskLevelDuringSignIn"] = "none",
            ["riskState"] = "none",
            ["riskEventTypes_v2"] = new JsonArray(),
            ["resourceDisplayName"] = legacy ? "Office 365 Exchange Online" : "Microsoft Graph",
            ["resourceId"] = SyntheticJson.Id(legacy ? GraphReferenceData.ExchangeOnlineAppId : GraphReferenceData.MicrosoftGraphAppId),
            ["status"] = signIn.Failed
                ? new JsonObject
                {
                    ["errorCode"] = 50126,
                    ["failureReason"] = "Error validating credentials due to invalid username or password.",
                    ["additionalDetails"] = "The user didn't enter the right credentials.",
                }
                : new JsonObject { ["errorCode"] = 0, ["failureReason"] = "Other.", ["additionalDetails"] = null },
            ["deviceDetail"] = new JsonObject
            {
                ["deviceId"] = managed ? SyntheticJson.Id(context.Id("device", (user.Index * 4L) + (position % 2))) : string.Empty,
                ["displayName"] = $"{SyntheticCanaries.DeviceNamePrefix}{SyntheticJson.Int(user.Index)}",
                ["operatingSystem"] = operatingSystem,
                ["browser"] = browser,
                ["isCompliant"] = managed,
                ["isManaged"] = managed,
                ["trustType"] = managed ? "Azure AD joined" : string.Empty,
            },
            ["location"] = new JsonObject
            {
                ["city"] = $"{SyntheticCanaries.CityPrefix}{SyntheticJson.Int(random.Next(1000))}",
                ["state"] = place.State,
                ["countryOrRegion"] = place.Country,
                ["geoCoordinates"] = new JsonObject
                {
                    ["altitude"] = null,
                    ["latitude"] = Math.Round(place.Latitude + (random.Next(-500, 500) / 10_000.0), 4),
                    ["longitude"] = Math.Round(place.Longitude + (random.Next(-500, 500) / 10_000.0), 4),
                },
            },
            ["appliedConditionalAccessPolicies"] = new JsonArray(),
        };
    }
}

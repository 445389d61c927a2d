using System.Text.Json.Nodes;

namespace IdentityOps.Emulator.Synthetic;

/// <summary>
/// Users: the first <see cref="FirstNoise"/> indices are fixed roles in the story (admins, planted
/// risks, hostile names); the rest is noise with realistic distributions (about 8 % guests, 5 %
/// disabled, 30 % of members synchronised from on-premises, recent sign-ins, MFA registered).
/// </summary>
internal static class SyntheticUsers
{
    public const int GlobalAdminCount = 7;
    public const int PrivilegedNoMfa = 7;
    public const int PrivilegedStale = 8;
    public const int PrivilegedSynced = 9;
    public const int PrivilegedGuest = 10;
    public const int Stale = 11;
    public const int LegacyImap = 12;
    public const int LegacyPop = 13;
    public const int LegacySmtp = 14;
    public const int LegacyActiveSync = 15;
    public const int GuestOwner = 16;
    public const int DisabledOwner = 17;
    public const int NonAdminOwner = 18;
    public const int HostileFormula = 19;
    public const int HostileBidi = 20;
    public const int CreatedYearOne = 21;
    public const int ConsentingUser = 22;
    public const int CleanSample = 23;
    public const int NeverSignedIn = 24;
    public const int FirstNoise = 25;

    public const string FormulaName = "=HYPERLINK(\"http://x\")";

    /// <summary>A right-to-left override followed by control characters, NUL included (valid JSON, hostile to terminals, CSV and PostgreSQL text).</summary>
    public const string BidiName = "Adm\u202Enimda\u0007\u0001\u001B[31m\u0000 Ops\t\n";

    private static readonly string[] FirstNames =
    [
        "Aiden", "Amara", "Anouk", "Bram", "Camila", "Chen", "Daan", "Dalia", "Emeka", "Emma", "Farah", "Finn",
        "Gabriel", "Hana", "Ines", "Isaac", "Jasper", "Julia", "Kenji", "Lars", "Layla", "Lucas", "Maya", "Mateo",
        "Nadia", "Noah", "Olivia", "Omar", "Priya", "Quinn", "Rafael", "Rosa", "Sanne", "Sven", "Tariq", "Tess",
        "Uma", "Victor", "Wen", "Xavier", "Yara", "Yusuf", "Zoe", "Zainab", "Lotte", "Ruben", "Elif", "Mikko",
    ];

    private static readonly string[] LastNames =
    [
        "Adeyemi", "Bakker", "Costa", "de Vries", "Dubois", "Eriksen", "Fischer", "Garcia", "Haddad", "Ivanova",
        "Jansen", "Kowalski", "Larsen", "Meijer", "Nakamura", "Novak", "Okafor", "Patel", "Quispe", "Rossi",
        "Santos", "Schmidt", "Tanaka", "Uchenna", "van Dijk", "Visser", "Wang", "Williams", "Yilmaz", "Zhang",
        "Smit", "Mulder", "Bos", "Peters", "Hendriks", "Dekker",
    ];

    private static readonly string[] PartnerDomains =
        ["partner-fabrikam.example", "adatum-consulting.example", "litware-audit.example", "proseware.example", "tailspin-ops.example"];

    private static readonly string[][] StrongMethods =
    [
        ["microsoftAuthenticatorPush", "softwareOneTimePasscode"],
        ["microsoftAuthenticatorPush", "mobilePhone"],
        ["fido2", "microsoftAuthenticatorPush"],
        ["windowsHelloForBusiness", "microsoftAuthenticatorPush"],
        ["mobilePhone"],
    ];

    public static void Plan(SyntheticContext context)
    {
        var random = context.Random("users");
        var usedPrincipalNames = new HashSet<string>(StringComparer.Ordinal);
        for (var index = 0; index < context.Spec.Users; index++)
        {
            var user = index < FirstNoise ? Special(context, random, index, usedPrincipalNames) : Noise(context, random, index, usedPrincipalNames);
            context.Users.Add(user);
            if (index >= FirstNoise && user.IsCleanCandidate(context.AsOf))
            {
                context.CleanMembers.Add(user);
            }
        }

        PlantUserRisks(context);
    }

    private static SyntheticUser Special(SyntheticContext context, SyntheticRandom random, int index, HashSet<string> used)
    {
        var (first, last) = Name(random);
        var recent = RecentSignIn(context, random, maxDays: 5);
        var methods = random.Pick(StrongMethods);
        SyntheticUser Member(string displayName, string principalPrefix) => new()
        {
            Index = index,
            Id = context.Id("user", index),
            DisplayName = displayName,
            UserPrincipalName = PrincipalName(principalPrefix, context.Domain, index, used),
            CreatedDateTime = TimeAgo(context, random, 200, 2000),
            LastSignIn = recent,
            LastNonInteractiveSignIn = recent.AddHours(3) > context.AsOf ? recent : recent.AddHours(3),
            MethodsRegistered = methods,
            DefaultMfaMethod = DefaultMethod(methods),
        };

        var person = $"{first} {last}";
        var personPrefix = $"{first}.{last}";
        switch (index)
        {
            case < GlobalAdminCount:
                return Member($"{person} (Global Admin)", $"adm-{personPrefix}");
            case PrivilegedNoMfa:
                return Member(person, personPrefix) with { MfaRegistered = false, MethodsRegistered = ["email"], DefaultMfaMethod = "none" };
            case PrivilegedStale:
            case Stale:
                {
                    // The privileged one is a dormant admin under password spray: its last successful sign-in is 150-170
                    // days old, but a failed attempt came days ago, so lastSignInDateTime (attempts) looks recent.
                    var last150 = TimeAgo(context, random, index == Stale ? 200 : 150, index == Stale ? 240 : 170);
                    return Member(person, personPrefix) with
                    {
                        LastSignIn = last150,
                        LastNonInteractiveSignIn = last150.AddHours(2),
                        LastFailedSignIn = index == PrivilegedStale ? recent : null,
                    };
                }

            case PrivilegedSynced:
                return Member(person, personPrefix) with { OnPremisesSyncEnabled = true };
            case PrivilegedGuest:
            case GuestOwner:
                {
                    var partner = PartnerDomains[index % PartnerDomains.Length];
                    return Member($"{person} ({partner})", personPrefix) with
                    {
                        IsGuest = true,
                        UserPrincipalName = GuestPrincipalName(personPrefix, partner, context.InitialDomain, index, used),
                    };
                }

            case LegacyImap:
                return Member(person, personPrefix) with { LegacyClientApp = "IMAP4" };
            case LegacyPop:
                return Member(person, personPrefix) with { LegacyClientApp = "POP3" };
            case LegacySmtp:
                return Member(person, personPrefix) with { LegacyClientApp = "Authenticated SMTP" };
            case LegacyActiveSync:
                return Member(person, personPrefix) with { LegacyClientApp = "Exchange ActiveSync" };
            case DisabledOwner:
                {
                    var lastSeen = TimeAgo(context, random, 120, 300);
                    return Member(person, personPrefix) with { AccountEnabled = false, LastSignIn = lastSeen, LastNonInteractiveSignIn = lastSeen };
                }

            case HostileFormula:
                return Member(FormulaName, "formula.user");
            case HostileBidi:
                return Member(BidiName, "bidi.user");
            case CreatedYearOne:
                return Member(person, personPrefix) with { CreatedDateTime = DateTimeOffset.MinValue };
            case NeverSignedIn:
                return Member(person, personPrefix) with
                {
                    CreatedDateTime = TimeAgo(context, random, 2, 6),
                    LastSignIn = null,
                    LastNonInteractiveSignIn = null,
                    SignInActivityNull = true,
                };
            default:
                return Member(person, personPrefix);
        }
    }

    private static SyntheticUser Noise(SyntheticContext context, SyntheticRandom random, int index, HashSet<string> used)
    {
        var (first, last) = Name(random);
        var isGuest = random.Chance(0.08);
        var enabled = !random.Chance(0.05);
        var synced = !isGuest && random.Chance(0.30);
        var newcomer = enabled && random.Chance(0.01);
        var created = newcomer ? TimeAgo(context, random, 1, 13) : TimeAgo(context, random, 30, 2500);

        DateTimeOffset? lastSignIn;
        if (newcomer)
        {
            lastSignIn = null;
        }
        else if (!enabled)
        {
            lastSignIn = random.Chance(0.5) ? TimeAgo(context, random, 100, 600) : null;
        }
        else
        {
            var roll = random.NextDouble();
            lastSignIn = isGuest
                ? (roll < 0.6 ? RecentSignIn(context, random, 30) : TimeAgo(context, random, 30, 85))
                : roll < 0.85 ? RecentSignIn(context, random, 14) : roll < 0.95 ? TimeAgo(context, random, 14, 60) : TimeAgo(context, random, 60, 85);
        }

        if (lastSignIn is { } signIn && signIn < created)
        {
            lastSignIn = created.AddHours(1) > context.AsOf ? null : created.AddHours(1);
        }

        DateTimeOffset? nonInteractive = lastSignIn is { } value && random.Chance(0.8)
            ? Min(value + random.Between(TimeSpan.Zero, TimeSpan.FromDays(2)), context.AsOf)
            : null;
        var registered = enabled || random.Chance(0.5);
        var methods = registered ? random.Pick(StrongMethods) : [];
        var personPrefix = $"{first}.{last}";
        if (isGuest)
        {
            var partner = random.Pick(PartnerDomains);
            return new SyntheticUser
            {
                Index = index,
                Id = context.Id("user", index),
                DisplayName = $"{first} {last} ({partner})",
                UserPrincipalName = GuestPrincipalName(personPrefix, partner, context.InitialDomain, index, used),
                IsGuest = true,
                AccountEnabled = enabled,
                CreatedDateTime = created,
                LastSignIn = lastSignIn,
                LastNonInteractiveSignIn = nonInteractive,
                MfaRegistered = registered,
                MethodsRegistered = methods,
                DefaultMfaMethod = DefaultMethod(methods),
            };
        }

        return new SyntheticUser
        {
            Index = index,
            Id = context.Id("user", index),
            DisplayName = $"{first} {last}",
            UserPrincipalName = PrincipalName(personPrefix, context.Domain, index, used),
            AccountEnabled = enabled,
            OnPremisesSyncEnabled = synced ? true : null,
            CreatedDateTime = created,
            LastSignIn = lastSignIn,
            LastNonInteractiveSignIn = nonInteractive,
            MfaRegistered = registered,
            MethodsRegistered = methods,
            DefaultMfaMethod = DefaultMethod(methods),
        };
    }

    private static void PlantUserRisks(SyntheticContext context)
    {
        var users = context.Users;
        var staleGuest = PlanStaleGuest(context);
        if (staleGuest is not null)
        {
            context.Plant(PlantedRiskIds.GuestStale, staleGuest,
                $"Enabled guest invited long ago whose last successful sign-in (lastSuccessfulSignInDateTime) is {StaleGuestDays} days before AsOf.");
        }

        context.Plant(PlantedRiskIds.UserStale, users[Stale],
            "Enabled member whose last interactive and non-interactive sign-ins are more than 200 days before AsOf (signInActivity); no sign-ins in the log.");
        context.Plant(PlantedRiskIds.UserStale, users[PrivilegedStale],
            "Enabled member (also an Application Administrator) whose last successful sign-in is about 150-170 days before AsOf, with a failed attempt days ago (lastSignInDateTime recent).");
        foreach (var index in new[] { LegacyImap, LegacyPop, LegacySmtp, LegacyActiveSync })
        {
            context.Plant(PlantedRiskIds.SignInLegacyAuthentication, users[index],
                $"Successful single-factor sign-ins in auditLogs/signIns with clientAppUsed '{users[index].LegacyClientApp}' to Office 365 Exchange Online.");
        }
    }

    /// <summary>How long ago the planted stale guest last signed in successfully.</summary>
    public const int StaleGuestDays = 200;

    /// <summary>
    /// A noise guest that no longer signs in: the first enabled one, invited before its last sign-in is moved
    /// <see cref="StaleGuestDays"/> back, whose last sign-in is already outside the sign-in log's window (so the log,
    /// and every random draw after the users, stay as they were). Null in a tenant without such a guest.
    /// </summary>
    private static SyntheticUser? PlanStaleGuest(SyntheticContext context)
    {
        var logStart = context.DaysAgo(SyntheticSignIns.LogDays);
        var unusedSince = context.DaysAgo(StaleGuestDays);
        var chosen = context.Users.FirstOrDefault(u => u.Index >= FirstNoise && u.IsGuest && u.AccountEnabled && !u.IsAdmin
            && u.CreatedDateTime < unusedSince && u.LastSignIn is { } last && last < logStart);
        if (chosen is null)
        {
            return null;
        }

        var stale = chosen with { LastSignIn = unusedSince, LastNonInteractiveSignIn = null };
        context.Users[context.Users.IndexOf(chosen)] = stale;
        return stale;
    }

    public static byte[] UsersFile(SyntheticContext context)
    {
        using var builder = new JsonCollectionBuilder();
        foreach (var user in context.Users)
        {
            builder.Add(new JsonObject
            {
                ["id"] = SyntheticJson.Id(user.Id),
                ["displayName"] = user.DisplayName,
                ["userPrincipalName"] = user.UserPrincipalName,
                ["mail"] = user.IsGuest ? null : user.UserPrincipalName,
                ["userType"] = user.UserType,
                ["accountEnabled"] = user.AccountEnabled,
                ["createdDateTime"] = SyntheticJson.Time(user.CreatedDateTime),
                ["onPremisesSyncEnabled"] = user.OnPremisesSyncEnabled,
                ["externalUserState"] = user.IsGuest ? user.ExternalUserState : null,
                ["externalUserStateChangeDateTime"] = user.IsGuest ? SyntheticJson.Time(user.ExternalUserStateChangedAt ?? user.CreatedDateTime.AddDays(1)) : null, // issue 19 E2
                ["signInActivity"] = user.SignInActivityNull ? null : new JsonObject
                {
                    ["lastSignInDateTime"] = SyntheticJson.TimeOrNull(user.LastInteractiveAttempt),
                    ["lastSignInRequestId"] = user.LastInteractiveAttempt is null ? null : SyntheticJson.Id(context.Id("signInRequest", user.Index * 3L)),
                    ["lastNonInteractiveSignInDateTime"] = SyntheticJson.TimeOrNull(user.LastNonInteractiveSignIn),
                    ["lastNonInteractiveSignInRequestId"] = user.LastNonInteractiveSignIn is null ? null : SyntheticJson.Id(context.Id("signInRequest", (user.Index * 3L) + 1)),
                    ["lastSuccessfulSignInDateTime"] = SyntheticJson.TimeOrNull(user.LastSuccessfulSignIn),
                    ["lastSuccessfulSignInRequestId"] = user.LastSuccessfulSignIn is null ? null
                        : SyntheticJson.Id(context.Id("signInRequest", (user.Index * 3L) + (user.LastSuccessfulSignIn == user.LastSignIn ? 0 : 1))),
                },
            });
        }

        return builder.Build();
    }

    public static byte[] RegistrationDetailsFile(SyntheticContext context)
    {
        using var builder = new JsonCollectionBuilder();
        foreach (var user in context.Users)
        {
            var passwordless = user.MethodsRegistered.Any(method => method is "fido2" or "windowsHelloForBusiness");
            builder.Add(new JsonObject
            {
                ["id"] = SyntheticJson.Id(user.Id),
                ["userPrincipalName"] = user.UserPrincipalName,
                ["userDisplayName"] = user.DisplayName,
                ["userType"] = user.IsGuest ? "guest" : "member",
                ["isAdmin"] = user.IsAdmin,
                ["isSsprRegistered"] = user.MfaRegistered,
                ["isSsprEnabled"] = !user.IsGuest,
                ["isSsprCapable"] = user.MfaRegistered && !user.IsGuest,
                ["isMfaRegistered"] = user.MfaRegistered,
                ["isMfaCapable"] = user.MfaRegistered,
                ["isPasswordlessCapable"] = passwordless,
                ["methodsRegistered"] = SyntheticJson.Strings(user.MethodsRegistered),
                ["isSystemPreferredAuthenticationMethodEnabled"] = true,
                ["systemPreferredAuthenticationMethods"] = SyntheticJson.Strings(user.MfaRegistered ? [SystemPreferred(user.DefaultMfaMethod)] : []),
                ["userPreferredMethodForSecondaryAuthentication"] = user.MfaRegistered ? SecondaryPreferred(user.DefaultMfaMethod) : "none",
                // No defaultMfaMethod: Microsoft's v1.0 userRegistrationDetails has none (beta only); the collector reads v1.0.
                ["lastUpdatedDateTime"] = SyntheticJson.Time(Max(user.CreatedDateTime, context.DaysAgo(1))),
            });
        }

        return builder.Build();
    }

    private static (string First, string Last) Name(SyntheticRandom random) => (random.Pick(FirstNames), random.Pick(LastNames));

    private static string PrincipalName(string prefix, string domain, int index, HashSet<string> used)
    {
        var local = prefix.Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        var candidate = $"{local}@{domain}";
        if (!used.Add(candidate))
        {
            candidate = $"{local}{SyntheticJson.Int(index)}@{domain}";
            used.Add(candidate);
        }

        return candidate;
    }

    private static string GuestPrincipalName(string prefix, string partnerDomain, string initialDomain, int index, HashSet<string> used)
    {
        var local = prefix.Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        var candidate = $"{local}_{partnerDomain}#EXT#@{initialDomain}";
        if (!used.Add(candidate))
        {
            candidate = $"{local}{SyntheticJson.Int(index)}_{partnerDomain}#EXT#@{initialDomain}";
            used.Add(candidate);
        }

        return candidate;
    }

    private static string DefaultMethod(string[] methods)
        => methods.Length == 0 ? "none" : methods.Contains("microsoftAuthenticatorPush") ? "microsoftAuthenticatorPush" : methods[0] == "mobilePhone" ? "mobilePhone" : methods[0];

    private static string SystemPreferred(string defaultMethod)
        => defaultMethod switch
        {
            "microsoftAuthenticatorPush" => "push",
            "mobilePhone" => "sms",
            "fido2" => "fido2",
            _ => "push",
        };

    private static string SecondaryPreferred(string defaultMethod)
        => defaultMethod switch
        {
            "microsoftAuthenticatorPush" => "push",
            "mobilePhone" => "sms",
            _ => "push",
        };

    private static DateTimeOffset RecentSignIn(SyntheticContext context, SyntheticRandom random, int maxDays)
        => context.AsOf - random.Between(TimeSpan.FromMinutes(10), TimeSpan.FromDays(maxDays));

    internal static DateTimeOffset TimeAgo(SyntheticContext context, SyntheticRandom random, int minDays, int maxDays)
        => context.AsOf - random.Between(TimeSpan.FromDays(minDays), TimeSpan.FromDays(maxDays));

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}

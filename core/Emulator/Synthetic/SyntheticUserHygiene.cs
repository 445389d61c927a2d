namespace IdentityOps.Emulator.Synthetic;

// issue 19 E2: the user and role risks no peer checks (registration coverage, telephone-only MFA, privileged users
// without a phishing-resistant method), CISA's Global Administrator ratio and a synchronised krbtgt_AzureAD.

/// <summary>
/// Plants the user-hygiene risks of issue 19 (helper E2) after every other step, changing only accounts no other
/// planted risk or clean counterpart depends on (noise accounts that are not admins, owners or clean members), so the
/// rest of the tenant stays as it was. Risks that follow from the tenant as generated (the Global Administrator ratio,
/// telephone-only accounts) are planted when the data carries them, which the risk oracle checks from the files.
/// </summary>
internal static class SyntheticUserHygiene
{
    public const string KrbtgtAzureAd = "krbtgt_AzureAD";

    /// <summary>The Global Administrator (a user index) registered for MFA with Authenticator and SMS only.</summary>
    public const int PhishableGlobalAdmin = 2;

    /// <summary>The share of enabled members, in percent, below which the tenant's MFA registration coverage fails (as the rule).</summary>
    public const int MinimumCoveragePercent = 95;

    /// <summary>CISA's highly privileged roles other than Global Administrator (ScubaGear baselines/aad.md), by template id.</summary>
    public static readonly string[] FinerGrainedCisaRoleIds =
    [
        "fe930be7-5e62-47db-91af-98c3a49a38b1", "29232cdf-9323-42fd-ade2-1d097af3e4de", "f28a1f50-f6e7-4571-818b-6a12f2af6b6c",
        "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", "e8611ab8-c189-46e8-94e1-60213ab1f814", "158c047a-c907-4556-b7ef-446551a6b5f7",
        "8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2",
    ];

    private static readonly string[] PhishingResistant =
        ["fido2", "fido2SecurityKey", "passKeyDeviceBound", "passKeyDeviceBoundAuthenticator", "passKeyDeviceBoundWindowsHello", "windowsHelloForBusiness", "macOsSecureEnclaveKey"];

    public static void Plan(SyntheticContext context)
    {
        PlanPhishingResistantAdmins(context);
        PlanKrbtgtAzureAd(context);
        PlanRegistrationCoverage(context);
        PlanTelephoneOnly(context);
        PlanGlobalAdminRatio(context);
        PlanPendingInvitation(context);
    }

    /// <summary>How long ago the planted guest was invited; it never accepted.</summary>
    public const int PendingInvitationDays = 75;

    /// <summary>
    /// A noise guest whose invitation was never accepted: invited <see cref="PendingInvitationDays"/> days ago (less than
    /// the 90 days after which an unused guest is stale), never signed in. Chosen among guests whose last sign-in is
    /// already outside the sign-in log, so the log stays as it was.
    /// </summary>
    private static void PlanPendingInvitation(SyntheticContext context)
    {
        var owners = Owners(context);
        var planted = context.PlantedRisks.Select(r => r.ObjectId).ToHashSet(StringComparer.Ordinal);
        var logStart = context.DaysAgo(SyntheticSignIns.LogDays);
        var chosen = context.Users.First(u => u.Index >= SyntheticUsers.FirstNoise && u.IsGuest && u.AccountEnabled && !u.IsAdmin && !owners.Contains(u.Id)
            && !planted.Contains(SyntheticJson.Id(u.Id)) && (u.LastSignIn is null || u.LastSignIn < logStart));
        var invited = context.DaysAgo(PendingInvitationDays);
        var pending = chosen with
        {
            CreatedDateTime = invited,
            LastSignIn = null,
            LastNonInteractiveSignIn = null,
            MfaRegistered = false,
            MethodsRegistered = [],
            DefaultMfaMethod = "none",
            ExternalUserState = "PendingAcceptance",
            ExternalUserStateChangedAt = invited,
        };
        Replace(context, chosen, pending);
        context.Plant(PlantedRiskIds.GuestInvitationPending, pending,
            $"A guest invited {PendingInvitationDays} days before AsOf whose externalUserState is still PendingAcceptance (externalUserStateChangeDateTime the invitation), never signed in.");
    }

    /// <summary>
    /// Every admin registered for MFA gets Windows Hello for Business beside its methods (the clean counterpart), except
    /// one Global Administrator left with Microsoft Authenticator push and SMS (the planted risk).
    /// </summary>
    private static void PlanPhishingResistantAdmins(SyntheticContext context)
    {
        var phishable = context.Users[PhishableGlobalAdmin];
        foreach (var user in context.Users.Where(u => u.IsAdmin && u.MfaRegistered && u != phishable && !u.MethodsRegistered.Any(PhishingResistant.Contains)).ToList())
        {
            Replace(context, user, user with { MethodsRegistered = ["windowsHelloForBusiness", .. user.MethodsRegistered] });
        }

        Replace(context, phishable, phishable with { MfaRegistered = true, MethodsRegistered = ["microsoftAuthenticatorPush", "mobilePhone"], DefaultMfaMethod = "microsoftAuthenticatorPush" });
        context.Plant(PlantedRiskIds.RolePrivilegedUserNoPhishingResistantMethod, context.Users[PhishableGlobalAdmin],
            "A Global Administrator registered for MFA with microsoftAuthenticatorPush and mobilePhone only (userRegistrationDetails.methodsRegistered): no passkey, FIDO2 key or Windows Hello for Business.");
    }

    /// <summary>
    /// A disabled, synchronised noise account renamed krbtgt_AzureAD, as Active Directory's own (disabled) account of the
    /// Microsoft Entra Kerberos server object would appear if the sync scope took it in.
    /// </summary>
    private static void PlanKrbtgtAzureAd(SyntheticContext context)
    {
        var chosen = Spare(context).FirstOrDefault(u => !u.AccountEnabled && u.OnPremisesSyncEnabled == true)
                     ?? Spare(context).First(u => u.OnPremisesSyncEnabled == true);
        var krbtgt = chosen with
        {
            DisplayName = KrbtgtAzureAd,
            UserPrincipalName = $"{KrbtgtAzureAd}@{context.Domain}",
            AccountEnabled = false,
            MfaRegistered = false,
            MethodsRegistered = [],
            DefaultMfaMethod = "none",
        };
        Replace(context, chosen, krbtgt);
        context.Plant(PlantedRiskIds.UserKrbtgtAzureAdSynced, krbtgt,
            "A disabled account synchronised from on-premises (onPremisesSyncEnabled true) named krbtgt_AzureAD, userPrincipalName krbtgt_AzureAD@<domain>.");
    }

    /// <summary>Enough synchronised noise members lose their MFA registration to bring the tenant's coverage under the threshold.</summary>
    private static void PlanRegistrationCoverage(SyntheticContext context)
    {
        var members = context.Users.Where(u => u is { IsGuest: false, AccountEnabled: true }).ToList();
        var registered = members.Count(u => u.MfaRegistered);
        var allowed = ((MinimumCoveragePercent * members.Count) + 99) / 100 - 1;
        var candidates = Spare(context).Where(u => u is { IsGuest: false, AccountEnabled: true, MfaRegistered: true, OnPremisesSyncEnabled: true }).Reverse().ToList();
        foreach (var user in candidates.Take(Math.Max(0, registered - allowed)))
        {
            Replace(context, user, user with { MfaRegistered = false, MethodsRegistered = [], DefaultMfaMethod = "none" });
        }

        var now = context.Users.Count(u => u is { IsGuest: false, AccountEnabled: true, MfaRegistered: true });
        context.Plant(PlantedRiskIds.UserMfaRegistrationCoverage, PlantedObjectTypes.Tenant, PlantedObjectTypes.Tenant,
            $"{now} of {members.Count} enabled members are registered for MFA (isMfaRegistered), below {MinimumCoveragePercent} %: synchronised members with no method registered.");
    }

    /// <summary>Noise users pick SMS as their only method often enough; a tenant without one gets one.</summary>
    private static void PlanTelephoneOnly(SyntheticContext context)
    {
        if (!context.Users.Any(IsTelephoneOnly))
        {
            var chosen = Spare(context).First(u => u is { AccountEnabled: true, MfaRegistered: true });
            Replace(context, chosen, chosen with { MethodsRegistered = ["mobilePhone"], DefaultMfaMethod = "mobilePhone" });
        }

        context.Plant(PlantedRiskIds.UserMfaTelephoneOnly, PlantedObjectTypes.Tenant, PlantedObjectTypes.Tenant,
            $"{context.Users.Count(IsTelephoneOnly)} enabled users registered for MFA with mobilePhone as their only method.");
    }

    /// <summary>
    /// More Global Administrator users than users in CISA's finer-grained highly privileged roles. The small tenant has
    /// that as generated (eight against three); a larger tenant brings more everyday admins, so clean members are made
    /// eligible for Global Administrator through PIM until it holds (none in the small tenant, whose data stays as it was).
    /// </summary>
    private static void PlanGlobalAdminRatio(SyntheticContext context)
    {
        var (globalAdmins, finer) = RatioCounts(context);
        var extra = Math.Max(0, finer - globalAdmins + 1);
        var owners = Owners(context);
        foreach (var (member, index) in context.CleanMembers.Where(u => !u.IsAdmin && !owners.Contains(u.Id)).Take(extra).Select((u, i) => (u, i)).ToList())
        {
            var admin = member with { MethodsRegistered = ["windowsHelloForBusiness", .. member.MethodsRegistered] };
            admin.IsAdmin = true;
            Replace(context, member, admin);
            context.CleanMembers[context.CleanMembers.IndexOf(member)] = admin;
            context.EligibleOnlyAssignments.Add(new SyntheticRoleAssignment($"{context.Opaque("eligibleOnlyAssignment", 1000 + index, 43)}-1", GraphReferenceData.GlobalAdministrator.TemplateId, admin, null, null)
            {
                AssignmentType = "Eligible",
                Start = context.DaysAgo(120),
                End = null,
            });
        }

        (globalAdmins, finer) = RatioCounts(context);
        context.Plant(PlantedRiskIds.RoleGlobalAdminRatio, PlantedObjectTypes.Tenant, PlantedObjectTypes.Tenant,
            $"{globalAdmins} users hold or can activate Global Administrator, {finer} hold only one of CISA's finer-grained highly privileged roles.");
    }

    private static (int GlobalAdmins, int FinerGrained) RatioCounts(SyntheticContext context)
    {
        var assignments = context.RoleAssignments.Concat(context.EligibleOnlyAssignments).Where(a => a.User is not null).ToList();
        var globalAdmins = assignments.Where(a => a.RoleDefinitionId == GraphReferenceData.GlobalAdministrator.TemplateId).Select(a => a.User!.Id).ToHashSet();
        var finer = assignments.Where(a => FinerGrainedCisaRoleIds.Contains(a.RoleDefinitionId)).Select(a => a.User!.Id).Where(id => !globalAdmins.Contains(id)).ToHashSet();
        return (globalAdmins.Count, finer.Count);
    }

    private static bool IsTelephoneOnly(SyntheticUser user)
        => user is { AccountEnabled: true, MfaRegistered: true } && user.MethodsRegistered.Count > 0 && user.MethodsRegistered.All(m => m is "mobilePhone" or "alternateMobilePhone" or "officePhone" or "email");

    /// <summary>Noise accounts nothing else depends on: not admins, not owners of an app or service principal, not clean members, not guests of a plant.</summary>
    private static List<SyntheticUser> Spare(SyntheticContext context)
    {
        var owners = Owners(context);
        var planted = context.PlantedRisks.Select(r => r.ObjectId).ToHashSet(StringComparer.Ordinal);
        var clean = context.CleanMembers.Select(u => u.Id).ToHashSet();
        return context.Users.Where(u => u.Index >= SyntheticUsers.FirstNoise && !u.IsAdmin && !u.IsGuest && !owners.Contains(u.Id) && !clean.Contains(u.Id)
            && !planted.Contains(SyntheticJson.Id(u.Id)) && u.DisplayName != KrbtgtAzureAd).ToList();
    }

    private static HashSet<Guid> Owners(SyntheticContext context)
        => context.Apps.SelectMany(a => a.Owners).Concat(context.ServicePrincipals.SelectMany(sp => sp.Owners)).Select(u => u.Id).ToHashSet();

    private static void Replace(SyntheticContext context, SyntheticUser old, SyntheticUser replacement) => context.Users[context.Users.IndexOf(old)] = replacement;
}

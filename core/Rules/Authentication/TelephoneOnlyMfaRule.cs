using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.Authentication;

/// <summary>
/// Enabled accounts whose only second factor is a telephone: a text message or voice call to a mobile, alternate or
/// office number (<c>methodsRegistered</c> has only <c>mobilePhone</c>, <c>alternateMobilePhone</c> or <c>officePhone</c>,
/// beside email or security questions, which are no second factor). Such an account's MFA falls to a SIM swap or a
/// ported number, and is relayed by any phishing proxy; the tenant cannot turn SMS and voice off
/// (<c>policy-weak-auth-methods-enabled</c>) without locking these accounts out first. No peer has this check
/// (peer-checks.md "Ten checks", 4): the peers read the authentication methods policy, not who depends on it.
/// </summary>
/// <remarks>
/// One finding for the tenant, not one per account: in a tenant where SMS is the default, a fifth of the accounts can be
/// in this state, and the remedy is a campaign, not a ticket per user. Low: SMS and voice are methods Microsoft supports
/// and documents, weaker than the others; privileged users with weak methods have their own rule.
/// </remarks>
public sealed class TelephoneOnlyMfaRule : PostureRule
{
    public override RuleDefinition Definition { get; } = new(
        "user-mfa-telephone-only",
        "Accounts whose only MFA method is a text message or voice call",
        RuleCategory.AuthenticationAndMfa,
        Severity.Low,
        ObjectTypes.Tenant,
        [.. RuleInputs.Collection("userRegistrationDetails", "isMfaRegistered", "methodsRegistered"), .. RuleInputs.Collection("users", "accountEnabled")],
        ["telephoneOnlyCount", "registeredCount", "telephoneOnlyPercent", "userPrincipalNames"],
        [FrameworkReference.Attack("T1111"), FrameworkReference.Attack("T1451")]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
    {
        var registered = Registered(inventory).ToList();
        var telephoneOnly = registered.Where(x => RegisteredMethods.TelephoneOnly(x.Registration.MethodsRegistered)).Select(x => x.User).ToList();
        if (telephoneOnly.Count == 0)
        {
            yield break;
        }

        yield return new RuleHit(ObjectTypes.Tenant, null, new Evidence
        {
            { "telephoneOnlyCount", telephoneOnly.Count },
            { "registeredCount", registered.Count },
            { "telephoneOnlyPercent", (int)(telephoneOnly.Count * 100L / registered.Count) },
            { "userPrincipalNames", telephoneOnly.Select(u => u.UserPrincipalName ?? u.DisplayName).Order(StringComparer.Ordinal).Take(MfaRegistrationCoverageRule.NamedAccounts).ToList() },
        });
    }

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => 1;

    /// <summary>Enabled accounts registered for MFA, with their registration.</summary>
    private static IEnumerable<(UserRecord User, MfaRegistrationRecord Registration)> Registered(TenantInventory inventory)
        => inventory.Users.Where(u => u.AccountEnabled)
            .Select(u => (User: u, Registration: inventory.MfaRegistrationOf(u.ObjectId)))
            .Where(x => x.Registration is { IsMfaRegistered: true })
            .Select(x => (x.User, x.Registration!));
}

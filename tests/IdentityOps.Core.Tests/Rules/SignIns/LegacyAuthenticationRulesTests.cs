using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules;
using IdentityOps.Core.Rules.SignIns;
using Xunit;
using static IdentityOps.Core.Tests.Rules.Records;

namespace IdentityOps.Core.Tests.Rules.SignIns;

public sealed class LegacyAuthenticationRulesTests
{
    private static readonly Guid ExchangeOnline = new("00000002-0000-0ff1-ce00-000000000000");

    private static TenantInventory With(params Core.Inventory.SignInDailySummary[] signIns) => new()
    {
        Users = [User(1, "Noor"), User(2, "Admin Ada")],
        ServicePrincipals = [ServicePrincipal(50, ExchangeOnline, "Office 365 Exchange Online")],
        RoleDefinitions = [Role(UserAdministrator, "User Administrator")],
        RoleAssignments = [RoleAssignment(UserAdministrator, Id(2), "user")],
        SignIns = signIns,
    };

    [Fact]
    public void Successful_imap_and_pop_sign_ins_are_described_precisely()
    {
        var inventory = With(
            LegacySignIn(Id(1), ExchangeOnline, "IMAP4", new DateOnly(2026, 11, 3), 2),
            LegacySignIn(Id(1), ExchangeOnline, "POP3", new DateOnly(2026, 11, 20), 3, failures: 1));

        var finding = RuleAssert.SingleFinding<LegacyAuthenticationSignInRule>(inventory);

        Assert.Equal(Id(1).ToString(), finding.ObjectId);
        Assert.Equal((5, 4, 1, 2), ((int)finding.Evidence["signIns"]!, (int)finding.Evidence["successfulSignIns"]!, (int)finding.Evidence["failedSignIns"]!, (int)finding.Evidence["days"]!));
        Assert.Equal(
            "\"Noor\" (user1@contoso.example) has 5 sign-in(s) over the legacy protocol(s) IMAP4, POP3 in the collected sign-in log, to Office 365 Exchange Online (00000002-0000-0ff1-ce00-000000000000), on 2 day(s) from 2026-11-03; the most recent at 2026-11-20 10:30 UTC. 4 succeeded and 1 failed. Each successful one was accepted on the password alone: these protocols cannot ask for MFA, so anyone who has this password can sign in to this account the same way.",
            finding.Explanation);
        Assert.Equal("legacy-success", Assert.Single(finding.Signals).Name);
    }

    [Fact]
    public void Only_failed_legacy_sign_ins_read_as_attempts()
    {
        var finding = RuleAssert.SingleFinding<LegacyAuthenticationSignInRule>(With(LegacySignIn(Id(1), ExchangeOnline, "Authenticated SMTP", new DateOnly(2026, 11, 21), 40, failures: 40)));

        Assert.Empty(finding.Signals);
        Assert.Contains("None succeeded, yet someone keeps presenting a password", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Modern_sign_ins_only_pass() => RuleAssert.NoFinding<LegacyAuthenticationSignInRule>(With());

    [Fact]
    public void Legacy_sign_in_rule_is_not_evaluated_without_the_sign_in_log()
        => RuleAssert.NotEvaluatedWithout<LegacyAuthenticationSignInRule>(With(LegacySignIn(Id(1), ExchangeOnline, "IMAP4", new DateOnly(2026, 11, 3), 2)));

    [Fact]
    public void A_successful_legacy_sign_in_by_a_user_administrator_is_critical()
    {
        var inventory = With(LegacySignIn(Id(2), ExchangeOnline, "Exchange ActiveSync", new DateOnly(2026, 11, 22), 6, failures: 2), LegacySignIn(Id(1), ExchangeOnline, "IMAP4", new DateOnly(2026, 11, 3), 2));

        var finding = RuleAssert.SingleFinding<PrivilegedLegacyAuthenticationSignInRule>(inventory);

        Assert.Equal((Severity.Critical, Id(2).ToString()), (finding.Rule.Severity, finding.ObjectId));
        Assert.Contains("who holds the privileged directory role(s) User Administrator, signed in successfully 4 time(s) over the legacy protocol(s) Exchange ActiveSync", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Failed_only_legacy_attempts_on_an_admin_are_not_the_critical_finding()
        => RuleAssert.NoFinding<PrivilegedLegacyAuthenticationSignInRule>(With(LegacySignIn(Id(2), ExchangeOnline, "IMAP4", new DateOnly(2026, 11, 22), 6, failures: 6)));

    [Fact]
    public void Privileged_legacy_rule_is_not_evaluated_without_the_sign_in_log()
        => RuleAssert.NotEvaluatedWithout<PrivilegedLegacyAuthenticationSignInRule>(With(LegacySignIn(Id(2), ExchangeOnline, "IMAP4", new DateOnly(2026, 11, 22), 6)));
}

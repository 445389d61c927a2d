using IdentityOps.Core.Inventory;
using IdentityOps.Core.Rules.Authentication;
using Xunit;
using static IdentityOps.Core.Tests.Rules.Records;

namespace IdentityOps.Core.Tests.Rules.Authentication;

public sealed class GuestInvitationPendingRuleTests
{
    private static UserRecord Invited(int n, string state, int invitedDaysAgo, bool withChangeTime = true)
    {
        var user = User(n, $"Guest {n}", userType: "Guest", created: AsOf.AddDays(-invitedDaysAgo), noSuccess: true);
        return new UserRecord
        {
            TenantId = user.TenantId, ScanId = user.ScanId, ObjectId = user.ObjectId, DisplayName = user.DisplayName, UserPrincipalName = user.UserPrincipalName,
            UserType = user.UserType, AccountEnabled = true, CreatedAt = user.CreatedAt, ExternalUserState = state,
            ExternalUserStateChangedAt = withChangeTime ? AsOf.AddDays(-invitedDaysAgo) : null,
        };
    }

    [Fact]
    public void An_invitation_pending_for_45_days_is_a_low_finding()
    {
        var finding = RuleAssert.SingleFinding<GuestInvitationPendingRule>(new TenantInventory { Users = [Invited(1, "PendingAcceptance", 45), Invited(2, "PendingAcceptance", 10)] });

        Assert.Equal(Id(1).ToString(), finding.ObjectId);
        Assert.Equal(45, finding.Evidence["daysPending"]);
        Assert.Contains("the invitation is still not accepted 45 days later (externalUserState PendingAcceptance)", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_change_time_the_creation_stands_for_the_invitation()
        => Assert.Equal(100, RuleAssert.SingleFinding<GuestInvitationPendingRule>(new TenantInventory { Users = [Invited(1, "PendingAcceptance", 100, withChangeTime: false)] }).Evidence["daysPending"]);

    [Fact]
    public void A_pending_guest_is_this_rules_and_not_a_stale_guest_while_an_accepted_dormant_guest_is_stale()
    {
        var inventory = new TenantInventory { Users = [Invited(1, "PendingAcceptance", 200), Invited(2, "Accepted", 200)] };

        Assert.Equal(Id(1).ToString(), RuleAssert.SingleFinding<GuestInvitationPendingRule>(inventory).ObjectId);
        Assert.Equal(Id(2).ToString(), RuleAssert.SingleFinding<GuestStaleRule>(inventory).ObjectId);
    }

    [Fact]
    public void It_is_not_evaluated_without_the_invitation_state()
        => RuleAssert.NotEvaluatedWithout<GuestInvitationPendingRule>(new TenantInventory { Users = [Invited(1, "PendingAcceptance", 45)] }, "users.externalUserState");
}

using IdentityOps.Emulator;

namespace IdentityOps.Emulator.Tests;

public sealed class GraphEmulatorBudgetsTests
{
    [Theory]
    [InlineData(10, 3_500)]
    [InlineData(49, 3_500)]
    [InlineData(50, 5_000)]
    [InlineData(500, 5_000)]
    [InlineData(501, 8_000)]
    public void The_directory_budget_follows_the_documented_tenant_sizes(int users, int budget)
        => Assert.Equal(budget, GraphEmulatorBudgets.DirectoryResourceUnitsPerWindow(users));

    [Fact]
    public void A_scan_within_one_budget_needs_no_waiting_and_each_further_budget_one_window()
    {
        Assert.Equal(TimeSpan.Zero, GraphEmulatorBudgets.MinimumTimeFor(1_000, 8_000, 5, 10, 1, 1));
        Assert.Equal(TimeSpan.FromSeconds(20), GraphEmulatorBudgets.MinimumTimeFor(1_000, 24_000, 0, 0, 0, 1));
        Assert.Equal(TimeSpan.FromSeconds(2), GraphEmulatorBudgets.MinimumTimeFor(1_000, 24_000, 0, 0, 0, 10));
        Assert.Equal(TimeSpan.FromSeconds(60), GraphEmulatorBudgets.MinimumTimeFor(10, 0, 0, 11, 0, 1));
        Assert.Equal(TimeSpan.FromSeconds(20), GraphEmulatorBudgets.MinimumTimeFor(10, 0, 11, 0, 0, 1));
    }

    [Fact]
    public void The_minimum_time_of_a_log_counts_only_charged_requests()
    {
        var at = DateTimeOffset.UnixEpoch;
        EmulatedRequest[] requests =
        [
            .. Enumerable.Range(0, 11).Select(_ => new EmulatedRequest("GET", "/v1.0/auditLogs/signIns", 200, 1, false, at)),
            new EmulatedRequest("GET", "/v1.0/auditLogs/signIns", 429, 0, false, at),
            new EmulatedRequest("GET", "/v1.0/users", 200, 2, false, at),
        ];

        Assert.Equal(TimeSpan.FromSeconds(20), GraphEmulatorBudgets.MinimumTimeFor(requests, 10, 1));
    }

    [Theory]
    [InlineData("GET", "users", false, false, null, 2)]
    [InlineData("GET", "users", true, false, null, 1)]
    [InlineData("GET", "users", true, false, 5, 1)]
    [InlineData("GET", "applications", false, true, null, 3)]
    [InlineData("GET", "servicePrincipals/x/appRoleAssignedTo", false, false, 999, 2)]
    [InlineData("GET", "groups/x/transitiveMembers", false, false, null, 5)]
    [InlineData("GET", "auditLogs/signIns", false, true, null, 1)]
    [InlineData("POST", "users", false, false, null, 1)]
    public void The_cost_of_a_request_follows_the_documented_table(string method, string path, bool select, bool expand, int? top, int cost)
        => Assert.Equal(cost, GraphEmulatorBudgets.ResourceUnitCost(method, path, select, expand, top));
}

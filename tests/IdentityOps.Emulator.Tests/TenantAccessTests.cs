using System.Net;
using System.Text.Json.Nodes;
using static IdentityOps.Emulator.Tests.EmulatorHarness;

namespace IdentityOps.Emulator.Tests;

/// <summary>
/// The tenant's licence and the admin's directory roles, answered per endpoint with Graph's documented status and code
/// (<see cref="GraphAccessRules"/> names the sources), and Graph's limit of 15 filter expressions on sign-ins.
/// </summary>
public sealed class TenantAccessTests
{
    private static readonly EmulatedTenant Sample = Tenant(
        ("auditLogs/signIns.json", Collection([new JsonObject { ["id"] = "s1", ["clientAppUsed"] = "IMAP4", ["createdDateTime"] = "2026-03-01T00:00:00Z" }])),
        ("users.json", Collection(Users(2))),
        ("identity/conditionalAccess/policies.json", Collection([new JsonObject { ["id"] = "ca-1", ["state"] = "enabled" }])));

    [Theory]
    [InlineData("auditLogs/signIns", EntraLicence.Free, 403, "Authentication_RequestFromNonPremiumTenantOrB2CTenant")]
    [InlineData("users?$select=id,signInActivity", EntraLicence.Free, 403, "Authentication_RequestFromNonPremiumTenantOrB2CTenant")]
    [InlineData("reports/authenticationMethods/userRegistrationDetails", EntraLicence.Free, 403, "Authentication_RequestFromNonPremiumTenantOrB2CTenant")]
    [InlineData("https://graph.microsoft.com/beta/reports/servicePrincipalSignInActivities", EntraLicence.Free, 403, "Authentication_RequestFromNonPremiumTenantOrB2CTenant")]
    [InlineData("roleManagement/directory/roleEligibilitySchedules", EntraLicence.P1, 400, "AadPremiumLicenseRequired")]
    [InlineData("roleManagement/directory/roleAssignmentScheduleInstances", EntraLicence.P1, 400, "AadPremiumLicenseRequired")]
    public async Task A_read_the_licence_does_not_cover_is_refused_with_graphs_status_and_code(string url, EntraLicence licence, int status, string code)
    {
        using var harness = new EmulatorHarness(Sample, new GraphEmulatorOptions { ThrottlingEnabled = false, Access = new TenantAccess(licence, DirectoryRoleNames.GlobalReader) });

        var (answered, body) = await harness.GetAsync(url);

        Assert.Equal((HttpStatusCode)status, answered);
        Assert.Equal(code, ErrorCode(body));
    }

    [Theory]
    [InlineData("auditLogs/signIns")]
    [InlineData("reports/authenticationMethods/userRegistrationDetails")]
    [InlineData("roleManagement/directory/roleEligibilitySchedules")]
    [InlineData("identity/conditionalAccess/policies")]
    [InlineData("policies/authenticationMethodsPolicy")]
    [InlineData("policies/adminConsentRequestPolicy")]
    public async Task A_read_that_needs_a_directory_role_the_admin_lacks_is_refused_403_Authorization_RequestDenied(string url)
    {
        using var harness = new EmulatorHarness(Sample, new GraphEmulatorOptions { ThrottlingEnabled = false, Access = new TenantAccess(EntraLicence.P2) });

        var (answered, body) = await harness.GetAsync(url);

        Assert.Equal(HttpStatusCode.Forbidden, answered);
        Assert.Equal("Authorization_RequestDenied", ErrorCode(body));
    }

    [Theory]
    [InlineData(DirectoryRoleNames.GlobalReader)]
    [InlineData(DirectoryRoleNames.GlobalAdministrator)]
    public async Task A_licensed_global_reader_or_administrator_reads_every_gated_endpoint(string role)
    {
        using var harness = new EmulatorHarness(Sample, new GraphEmulatorOptions { ThrottlingEnabled = false, Access = new TenantAccess(EntraLicence.P2, role) });

        foreach (var url in new[] { "auditLogs/signIns", "users?$select=id,signInActivity", "reports/authenticationMethods/userRegistrationDetails", "roleManagement/directory/roleEligibilitySchedules", "identity/conditionalAccess/policies" })
        {
            await harness.GetOkAsync(url);
        }
    }

    [Fact]
    public async Task A_tenant_without_P1_answers_an_empty_conditional_access_list_and_a_member_without_a_role_still_reads_users()
    {
        using var harness = new EmulatorHarness(Sample, new GraphEmulatorOptions { ThrottlingEnabled = false, Access = new TenantAccess(EntraLicence.Free, DirectoryRoleNames.GlobalReader) });

        Assert.Empty(Ids(await harness.GetOkAsync("identity/conditionalAccess/policies")));
        using var member = new EmulatorHarness(Sample, new GraphEmulatorOptions { ThrottlingEnabled = false, Access = new TenantAccess(EntraLicence.P2) });
        Assert.Equal(2, Ids(await member.GetOkAsync("users?$select=id,displayName")).Count);
    }

    [Fact]
    public async Task A_sign_in_filter_of_more_than_15_expressions_is_refused_and_15_are_served()
    {
        using var harness = new EmulatorHarness(Sample, Unthrottled);
        static string Filter(int clients) => "createdDateTime ge 2026-02-01T00:00:00Z and createdDateTime le 2026-03-02T00:00:00Z and ("
            + string.Join(" or ", Enumerable.Range(0, clients).Select(i => i == 0 ? "clientAppUsed eq 'IMAP4'" : $"clientAppUsed eq 'Client {i} eq ''quoted'''")) + ")";

        Assert.Equal(["s1"], Ids(await harness.GetOkAsync($"auditLogs/signIns?$filter={Uri.EscapeDataString(Filter(13))}")));
        var (status, body) = await harness.GetAsync($"auditLogs/signIns?$filter={Uri.EscapeDataString(Filter(14))}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Request_UnsupportedQuery", ErrorCode(body));
        Assert.Contains("Max allowed: 15", (string)body["error"]!["message"]!, StringComparison.Ordinal);
    }
}

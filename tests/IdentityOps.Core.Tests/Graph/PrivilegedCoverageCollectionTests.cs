using System.Net;
using System.Text.Json.Nodes;
using IdentityOps.Core.Graph;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using IdentityOps.Emulator;
using IdentityOps.Emulator.Synthetic;
using IdentityOps.Testing;
using IdentityOps.Testing.Graph;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace IdentityOps.Core.Tests.Graph;

/// <summary>
/// The collections behind app-unused, app-federated-credential-privileged, role-privileged-permanent
/// and group-held privilege: read through the real SDK from the synthetic tenant, as Graph documents
/// them, stored as metadata only, and "unavailable, because …" when Graph refuses them.
/// </summary>
public sealed class PrivilegedCoverageCollectionTests(TenantDatabase database) : IClassFixture<TenantDatabase>
{
    private static readonly SyntheticTenant Synthetic = SyntheticTenantGenerator.Generate(SyntheticTenantSpec.Small);

    [Fact]
    public async Task App_sign_in_activity_is_read_on_beta_page_by_page_with_the_reports_budget()
    {
        var harness = Harness();

        var result = await harness.ScanAsync(Synthetic.Spec.AsOf);

        Assert.True(result.Status == ScanStatus.Succeeded, result.Error);
        var expected = Items("reports/servicePrincipalSignInActivities.json").Count;
        Assert.True(expected > 100, "the tenant should need more than one page at Graph's default size");
        Assert.Equal(expected, Assert.Single(result.Collections, c => c.Name == "servicePrincipalSignInActivities").Objects);
        var pages = harness.Emulator.Log.Requests.Where(r => r.PathAndQuery.Contains("servicePrincipalSignInActivities", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, pages.Count);
        Assert.All(pages, page => Assert.StartsWith("/beta/reports/", page.PathAndQuery, StringComparison.Ordinal));

        using var request = new HttpRequestMessage(HttpMethod.Get, "https://graph.microsoft.com/beta/reports/servicePrincipalSignInActivities");
        Assert.Equal(GraphBudget.Reports, GraphRequestPacer.BudgetOf(request));

        await InTenantAsync(harness, async db =>
        {
            var unusedApp = Synthetic.PlantedRisks.First(r => r.RiskId == PlantedRiskIds.AppUnused);
            var unused = await db.Applications.SingleAsync(a => a.ScanId == result.ScanId && a.ObjectId == Guid.Parse(unusedApp.ObjectId));
            var activity = await db.AppSignInActivities.SingleAsync(a => a.ScanId == result.ScanId && a.AppId == unused.AppId);
            Assert.Equal(Synthetic.Spec.AsOf.AddDays(-SyntheticApplications.UnusedLastSignInDaysAgo), activity.LastSignInAt);
        });
    }

    [Fact]
    public async Task Federated_credentials_are_read_in_batch_for_privileged_apps_only_and_group_members_for_privileged_groups_only()
    {
        var harness = Harness();

        var result = await harness.ScanAsync(Synthetic.Spec.AsOf);

        Assert.True(result.Status == ScanStatus.Succeeded, result.Error);
        var requests = harness.Emulator.Log.Requests;
        var federatedReads = requests.Where(r => r.PathAndQuery.Contains("/federatedIdentityCredentials", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(federatedReads);
        Assert.All(federatedReads, r => Assert.True(r.InsideBatch && r.Method == "GET", r.PathAndQuery));
        var federatedPlanted = Synthetic.PlantedRisks.Single(r => r.RiskId == PlantedRiskIds.AppFederatedCredentialPrivileged).ObjectId;
        Assert.Contains(federatedReads, r => r.PathAndQuery.Contains(federatedPlanted, StringComparison.Ordinal));
        var appsWithCredentials = Synthetic.Files.Keys.Where(k => k.EndsWith("/federatedIdentityCredentials.json", StringComparison.Ordinal)).Select(k => k.Split('/')[1]).ToList();
        var notPrivileged = appsWithCredentials.Where(id => id != federatedPlanted).ToList();
        Assert.NotEmpty(notPrivileged);
        Assert.All(notPrivileged, id => Assert.DoesNotContain(federatedReads, r => r.PathAndQuery.Contains(id, StringComparison.Ordinal)));

        var memberReads = requests.Where(r => r.PathAndQuery.Contains("/transitiveMembers", StringComparison.Ordinal)).ToList();
        var memberRead = Assert.Single(memberReads);
        Assert.True(memberRead.InsideBatch);
        var privilegedGroup = PrivilegedGroupId();
        Assert.Contains(privilegedGroup, memberRead.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("$select=id", Uri.UnescapeDataString(memberRead.PathAndQuery), StringComparison.Ordinal);

        await InTenantAsync(harness, async db =>
        {
            var credential = await db.FederatedCredentials.SingleAsync(f => f.ScanId == result.ScanId);
            Assert.Equal((Guid.Parse(federatedPlanted), SyntheticApplications.FederatedIssuerGitHub), (credential.ApplicationObjectId, credential.Issuer));
            Assert.Equal([SyntheticApplications.FederatedAudience], credential.Audiences);
            var member = await db.GroupMembers.SingleAsync(m => m.ScanId == result.ScanId);
            Assert.Equal((Guid.Parse(privilegedGroup), "user", SyntheticRoles.PrivilegedGroupName), (member.GroupId, member.MemberType, member.GroupDisplayName));
            var schedules = await db.RoleSchedules.Where(s => s.ScanId == result.ScanId).ToListAsync();
            Assert.Equal(Items("roleManagement/directory/roleAssignmentScheduleInstances.json").Count, schedules.Count(s => s.ScheduleKind == RoleScheduleRecord.Active));
            Assert.Equal(Items("roleManagement/directory/roleEligibilitySchedules.json").Count, schedules.Count(s => s.ScheduleKind == RoleScheduleRecord.Eligible));
            Assert.Single(schedules, s => s.AssignmentType == "Assigned" && s.EndsAt is null && s.PrincipalId == Guid.Parse(Synthetic.PlantedRisks.Single(r => r.RiskId == PlantedRiskIds.RolePrivilegedPermanent).ObjectId));
        });
    }

    [Fact]
    public async Task Free_text_of_federated_credentials_and_sign_in_request_ids_never_reach_the_database()
    {
        const string Canary = "CANARY-FIC-DESCRIPTION";
        var files = new Dictionary<string, JsonNode>(Synthetic.Files);
        var federated = files.Keys.Single(k => k.EndsWith("/federatedIdentityCredentials.json", StringComparison.Ordinal) && k.Contains(Synthetic.PlantedRisks.Single(r => r.RiskId == PlantedRiskIds.AppFederatedCredentialPrivileged).ObjectId, StringComparison.Ordinal));
        var withCanary = files[federated].DeepClone();
        withCanary["value"]![0]!["description"] = Canary;
        files[federated] = withCanary;
        var activities = files["reports/servicePrincipalSignInActivities.json"].DeepClone();
        activities["value"]![0]!["lastSignInActivity"]!["lastSignInRequestId"] = "CANARY-REQUEST-ID";
        files["reports/servicePrincipalSignInActivities.json"] = activities;
        var harness = new ScanHarness(database, EmulatedTenant.FromSnapshotFiles(files)) { TenantId = Guid.NewGuid() };

        var result = await harness.ScanAsync(Synthetic.Spec.AsOf);

        Assert.True(result.Status == ScanStatus.Succeeded, result.Error);
        await using var connection = await TenantDatabase.OpenAsync(database.SuperuserConnectionString);
        foreach (var table in new[] { "federated_credentials", "app_sign_in_activities" })
        {
            await using var command = new NpgsqlCommand($"SELECT coalesce(string_agg(t::text, ' '), '') FROM {table} t", connection);
            var dump = (string)(await command.ExecuteScalarAsync())!;
            Assert.NotEmpty(dump);
            Assert.DoesNotContain("CANARY-", dump, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Without_entra_id_p2_or_p1_the_pim_and_activity_collections_are_unavailable_and_their_rules_are_not_evaluated()
    {
        var harness = Harness(emulator => new FailingTransport(
            new FailingTransport(emulator, uri => uri.AbsolutePath.Contains("roleEligibilitySchedules", StringComparison.Ordinal) || uri.AbsolutePath.Contains("roleAssignmentScheduleInstances", StringComparison.Ordinal), HttpStatusCode.Forbidden, "AadPremiumLicenseRequired"),
            uri => uri.AbsolutePath.Contains("servicePrincipalSignInActivities", StringComparison.Ordinal),
            HttpStatusCode.Forbidden,
            "Authentication_RequestFromNonPremiumTenantOrB2CTenant"));

        var result = await harness.ScanAsync(Synthetic.Spec.AsOf);
        await harness.EvaluateAsync(result.ScanId, Synthetic.Spec.AsOf);
        var report = await harness.ReportAsync(result.ScanId);

        Assert.True(result.Status == ScanStatus.Succeeded, result.Error);
        Assert.Contains("AadPremiumLicenseRequired", Assert.Single(result.Collections, c => c.Name == "roleSchedules").UnavailableReason, StringComparison.Ordinal);
        Assert.Contains("NonPremium", Assert.Single(result.Collections, c => c.Name == "servicePrincipalSignInActivities").UnavailableReason, StringComparison.Ordinal);
        var permanent = Assert.Single(report.NotEvaluated, n => n.RuleId == "role-privileged-permanent");
        Assert.StartsWith("not evaluated: roleSchedules unavailable (the tenant has no Microsoft Entra ID P2 (or ID Governance) licence", permanent.Reason, StringComparison.Ordinal);
        // issue 19 E1: the dormant-app and unused-permission rules read the same report.
        foreach (var ruleId in new[] { "app-unused", "app-dormant-with-credentials", "sp-privileged-permission-unused" })
        {
            Assert.StartsWith("not evaluated: servicePrincipalSignInActivities unavailable", Assert.Single(report.NotEvaluated, n => n.RuleId == ruleId).Reason, StringComparison.Ordinal);
        }

        Assert.Equal(4, report.NotEvaluated.Count);
        Assert.DoesNotContain(report.Findings, f => f.Finding.RuleId is "role-privileged-permanent" or "app-unused" or "app-dormant-with-credentials" or "sp-privileged-permission-unused");
        Assert.Contains(report.Findings, f => f.Finding.RuleId == "app-federated-credential-privileged");
    }

    [Fact]
    public async Task A_refused_group_member_read_makes_directory_roles_unavailable_rather_than_miss_a_privileged_holder()
    {
        var refusing = Harness(emulator => new BatchRefuser(emulator, "/transitiveMembers"));

        var result = await refusing.ScanAsync(Synthetic.Spec.AsOf);
        await refusing.EvaluateAsync(result.ScanId, Synthetic.Spec.AsOf);
        var report = await refusing.ReportAsync(result.ScanId);

        Assert.True(result.Status == ScanStatus.Succeeded, result.Error);
        Assert.False(Assert.Single(result.Collections, c => c.Name == "directoryRoles").IsAvailable);
        Assert.Contains(report.NotEvaluated, n => n.RuleId == "role-privileged-user-no-mfa");
        Assert.Contains(report.NotEvaluated, n => n.RuleId == "role-global-admin-count");
        Assert.DoesNotContain(report.Findings, f => f.Finding.RuleId.StartsWith("role-", StringComparison.Ordinal));
    }

    /// <summary>Refuses (403) every <c>$batch</c> whose inner requests name <paramref name="marker"/>; passes everything else on.</summary>
    private sealed class BatchRefuser(HttpMessageHandler inner, string marker) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content is { } content && request.RequestUri!.AbsolutePath.EndsWith("/$batch", StringComparison.Ordinal)
                && (await content.ReadAsStringAsync(cancellationToken)).Contains(marker, StringComparison.Ordinal))
            {
                return new HttpResponseMessage(HttpStatusCode.Forbidden)
                {
                    Content = new StringContent("{\"error\":{\"code\":\"Authorization_RequestDenied\",\"message\":\"Refused by the test.\"}}", System.Text.Encoding.UTF8, "application/json"),
                };
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }

    private ScanHarness Harness(Func<HttpMessageHandler, HttpMessageHandler>? transport = null)
        => new(database, EmulatedTenant.FromSnapshotFiles(Synthetic.Files)) { TenantId = Guid.NewGuid(), Transport = transport ?? (emulator => emulator) };

    private static JsonArray Items(string file) => Synthetic.Files[file]["value"]!.AsArray();

    private static string PrivilegedGroupId()
        => Items("roleManagement/directory/roleAssignments.json")
            .Single(a => a!["principal"]!["displayName"]?.GetValue<string>() == SyntheticRoles.PrivilegedGroupName)!["principalId"]!.GetValue<string>();

    private async Task InTenantAsync(ScanHarness harness, Func<IdentityOpsDbContext, Task> check)
    {
        await using var db = database.CreateApplicationContext(harness.TenantId);
        await db.InTenantTransactionAsync(async _ => await check(db), CancellationToken.None);
    }
}

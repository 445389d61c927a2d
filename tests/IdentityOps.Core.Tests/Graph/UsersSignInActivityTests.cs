using System.Text.Json.Nodes;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Tests.Rules.Inputs;
using IdentityOps.Emulator;
using IdentityOps.Emulator.Synthetic;
using IdentityOps.Testing;
using IdentityOps.Testing.Graph;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Core.Tests.Graph;

/// <summary>
/// The last successful sign-in (issue 17, item 6): read from v1.0's <c>signInActivity</c>, stored through the COPY sink,
/// and, when Graph sends <c>signInActivity</c> without it, a named unavailable part that keeps the staleness rules
/// from judging attempts instead.
/// </summary>
public sealed class UsersSignInActivityTests(TenantDatabase database) : IClassFixture<TenantDatabase>
{
    private static readonly SyntheticTenant Synthetic = SyntheticTenantGenerator.Generate(InputMutationSpec.Value);

    [Fact]
    public async Task The_last_successful_sign_in_is_stored_apart_from_the_last_attempt()
    {
        var harness = new ScanHarness(database, EmulatedTenant.FromSnapshotFiles(Synthetic.Files)) { TenantId = Guid.NewGuid() };

        var result = await harness.ScanAsync(InputMutationSpec.Value.AsOf);

        Assert.True(result.Status == ScanStatus.Succeeded, result.Error);
        await using var db = database.CreateApplicationContext(harness.TenantId);
        var sprayed = Synthetic.PlantedRisks.First(p => p.RiskId == PlantedRiskIds.RolePrivilegedUserStale).ObjectId;
        var user = await db.InTenantTransactionAsync(ct => db.Users.SingleAsync(u => u.ScanId == result.ScanId && u.ObjectId == Guid.Parse(sprayed), ct), CancellationToken.None);
        Assert.NotNull(user.LastSuccessfulSignInAt);
        Assert.True(user.LastSignInAt > user.LastSuccessfulSignInAt, "the sprayed admin's last attempt is later than its last success");
    }

    [Fact]
    public async Task Sign_in_activity_without_the_successful_time_makes_that_part_unavailable_and_the_staleness_rules_not_evaluated()
    {
        var harness = new ScanHarness(database, EmulatedTenant.FromSnapshotFiles(Synthetic.Files))
        {
            TenantId = Guid.NewGuid(),
            Transport = emulator => new WithoutLastSuccessfulSignIn(emulator),
        };

        var result = await harness.ScanAsync(InputMutationSpec.Value.AsOf);
        await harness.EvaluateAsync(result.ScanId, InputMutationSpec.Value.AsOf);
        var report = await harness.ReportAsync(result.ScanId);

        Assert.True(result.Status == ScanStatus.Succeeded, result.Error);
        foreach (var rule in new[] { "user-stale", "guest-stale", "role-privileged-user-stale" })
        {
            Assert.StartsWith(
                "not evaluated: users.signInActivity.lastSuccessfulSignInDateTime unavailable (Graph returned signInActivity without lastSuccessfulSignInDateTime",
                Assert.Single(report.NotEvaluated, n => n.RuleId == rule).Reason,
                StringComparison.Ordinal);
        }

        Assert.DoesNotContain(report.NotEvaluated, n => n.RuleId == "role-guest-privileged");
    }

    /// <summary>Graph answering <c>/users</c> with <c>signInActivity</c> objects that lack <c>lastSuccessfulSignInDateTime</c>.</summary>
    private sealed class WithoutLastSuccessfulSignIn(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.RequestUri is not { } uri || !uri.AbsolutePath.EndsWith("/users", StringComparison.Ordinal) || !response.IsSuccessStatusCode)
            {
                return response;
            }

            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            foreach (var user in body?["value"]?.AsArray() ?? [])
            {
                (user?["signInActivity"] as JsonObject)?.Remove("lastSuccessfulSignInDateTime");
            }

            response.Content = new StringContent(body?.ToJsonString() ?? "", System.Text.Encoding.UTF8, "application/json");
            return response;
        }
    }
}

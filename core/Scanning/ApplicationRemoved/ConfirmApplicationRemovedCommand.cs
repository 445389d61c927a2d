using System.Globalization;
using IdentityOps.Core.Audit;
using IdentityOps.Core.Identity.DelegatedSessions;
using IdentityOps.Core.Lifecycle;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace IdentityOps.Core.Scanning.ApplicationRemoved;

/// <summary>What one AADSTS700016 answer led to.</summary>
/// <param name="Offboarded">True when this answer confirmed the removal and offboarding started.</param>
/// <param name="Explanation">What the scan or the caller is told.</param>
public sealed record ApplicationRemovedVerdict(bool Offboarded, string Explanation);

/// <summary>
/// Offboards a tenant for a removed enterprise application only when Entra has said so repeatedly over time.
/// AADSTS700016 ("application with identifier … was not found in the directory") is what a tenant that removed
/// IdentityOps answers, but it is also what every tenant answers when our own client id is wrong (a bad deployment,
/// a mistyped setting): acted on alone, one misconfiguration would offboard every customer. So the tenant row keeps a
/// count since the first answer; a success resets it; offboarding starts only at <see cref="FailuresToOffboard"/>
/// answers spread over at least <see cref="SpanToOffboard"/>, and is written to the tenant's audit chain as the
/// system's action. Below that the scan fails with an explanation that says what will happen.
/// </summary>
public sealed partial class ConfirmApplicationRemovedCommand(
    IdentityOpsDbContext db,
    TenantContext tenant,
    OffboardTenantCommand offboard,
    TenantAuditTrail audit,
    TimeProvider time,
    ILogger<ConfirmApplicationRemovedCommand> logger)
{
    public const int FailuresToOffboard = 3;

    public static readonly TimeSpan SpanToOffboard = TimeSpan.FromHours(24);

    /// <summary>The audit actor of an offboarding no person started.</summary>
    public const string SystemActor = "system:identityops";

    /// <summary>Records one AADSTS700016 answer for the current tenant and offboards it when the answers are confirmed.</summary>
    /// <param name="failure">The failure, whose explanation is kept when offboarding starts.</param>
    /// <param name="source">Where it was seen (<c>api</c>, <c>worker</c>), for the audit event.</param>
    public Task<ApplicationRemovedVerdict> RecordFailureAsync(DelegatedAccessFailure failure, string source, CancellationToken cancellationToken)
        => db.InTenantTransactionAsync(
            async ct =>
            {
                // Row-locked: a scan start and a worker seeing the answer at once count two, not one.
                var id = CurrentTenant();
                var row = (await db.Tenants.FromSql($"SELECT * FROM tenants WHERE id = {id} FOR UPDATE").ToListAsync(ct)).Single();
                if (row.Status != TenantStatus.Active)
                {
                    return new ApplicationRemovedVerdict(row.Status == TenantStatus.Offboarding, failure.Explanation);
                }

                var now = time.GetUtcNow();
                row.ApplicationNotFoundCount++;
                row.ApplicationNotFoundSince ??= now;
                var span = now - row.ApplicationNotFoundSince.Value;
                if (row.ApplicationNotFoundCount < FailuresToOffboard || span < SpanToOffboard)
                {
                    await db.SaveChangesAsync(ct);
                    LogNotYet(id, row.ApplicationNotFoundCount, span.TotalHours);
                    return new ApplicationRemovedVerdict(false, NotYetExplanation);
                }

                var count = row.ApplicationNotFoundCount;
                row.ApplicationNotFoundCount = 0;
                row.ApplicationNotFoundSince = null;
                var offboarded = await offboard.OffboardAsync(ct);
                await audit.AppendAsync(
                    new AuditEntry(
                        SystemActor,
                        "tenant.offboarded",
                        string.Create(CultureInfo.InvariantCulture, $"tenant purge-after:{offboarded.PurgeAfter:O} AADSTS700016:{count} answers over {span.TotalHours:0.#} h"),
                        "application-removed",
                        source),
                    ct);
                LogOffboarded(id, count, span.TotalHours);
                return new ApplicationRemovedVerdict(true, failure.Explanation);
            },
            cancellationToken);

    /// <summary>Entra accepted IdentityOps for the current tenant: earlier AADSTS700016 answers no longer count.</summary>
    public Task RecordSuccessAsync(CancellationToken cancellationToken)
        => db.InTenantTransactionAsync(
            async ct =>
            {
                var id = CurrentTenant();
                await db.Tenants
                    .Where(t => t.Id == id && (t.ApplicationNotFoundCount > 0 || t.ApplicationNotFoundSince != null))
                    .ExecuteUpdateAsync(u => u.SetProperty(t => t.ApplicationNotFoundCount, 0).SetProperty(t => t.ApplicationNotFoundSince, (DateTimeOffset?)null), ct);
            },
            cancellationToken);

    private Guid CurrentTenant() => tenant.TenantId ?? throw new InvalidOperationException("No tenant is set for this unit of work.");

    /// <summary>What the scan says while the removal is not confirmed.</summary>
    public static string NotYetExplanation { get; } = string.Create(
        CultureInfo.InvariantCulture,
        $"Microsoft Entra ID answered that the IdentityOps enterprise application is not in your tenant (error AADSTS700016), so the scan could not run. If an admin removed it, IdentityOps takes that as cancelling once the answer has come {FailuresToOffboard} times over at least {SpanToOffboard.TotalHours:0} hours, and then stops and deletes your data after 30 days unless you add the application again. If nobody removed it, nothing changes: the next scan that succeeds clears this");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tenant {TenantId}: Entra answered AADSTS700016 ({Count} time(s) over {Hours} h); not offboarded until confirmed")]
    private partial void LogNotYet(Guid tenantId, int count, double hours);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tenant {TenantId} removed the IdentityOps enterprise application (AADSTS700016 {Count} times over {Hours} h): offboarding started")]
    private partial void LogOffboarded(Guid tenantId, int count, double hours);
}

using IdentityOps.Core.Lifecycle;
using IdentityOps.Core.Persistence;
using IdentityOps.Core.Persistence.Audit;
using IdentityOps.Core.Persistence.Lifecycle;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityOps.Core.Trust.Checks;

/// <summary>Offboarding: the restore window and the purge schedule in force, and when a purge last ran.</summary>
public sealed class OffboardingCheck(IServiceProvider services) : ITrustCheck
{
    public string ClaimId => TrustClaimIds.Offboarding;

    public async Task<TrustCheckResult> EvaluateAsync(CancellationToken cancellationToken)
    {
        if (services.GetService<PurgeDataSource>() is not { } purge)
        {
            return TrustCheckResult.NotMet("no purge configured in this process");
        }

        var last = await OperatorAuditTrail.LastOccurredAtAsync(purge, "tenant.purged", cancellationToken) is { } at ? $"last tenant purged {at:yyyy-MM-dd HH:mm:ss}Z" : "no tenant purged yet";
        return TrustCheckResult.Met($"restore window {RetentionPolicy.RestoreWindow.TotalDays:0} days, purge schedule {PurgeSchedule.Cron} (UTC), {last}");
    }
}

/// <summary>Deletion receipts: every stored receipt still matches its hash and is recorded in the operators' chain.</summary>
public sealed class DeletionReceiptCheck(IServiceProvider services) : ITrustCheck
{
    public string ClaimId => TrustClaimIds.DeletionReceipt;

    public async Task<TrustCheckResult> EvaluateAsync(CancellationToken cancellationToken)
    {
        if (services.GetService<PurgeDataSource>() is not { } purge)
        {
            return TrustCheckResult.NotMet("no purge configured in this process");
        }

        var chained = (await OperatorAuditTrail.ReadAsync(purge, cancellationToken))
            .Where(e => e.Action == "tenant.purged")
            .Select(e => e.Target)
            .ToList();

        var receipts = 0;
        var problems = new List<string>();
        foreach (var receipt in await purge.DeletionReceiptsAsync(cancellationToken))
        {
            receipts++;
            if (!receipt.Verifies())
            {
                problems.Add($"receipt {receipt.Sha256[..12]} no longer matches its hash");
            }
            else if (!chained.Contains($"tenant:{receipt.TenantId:D} receipt:{receipt.Sha256}"))
            {
                problems.Add($"receipt {receipt.Sha256[..12]} is not in the operators' chain");
            }
        }

        return problems.Count == 0
            ? TrustCheckResult.Met($"{receipts} deletion receipts, each verifies and is recorded in the operators' audit chain")
            : TrustCheckResult.Failing(string.Join("; ", problems));
    }
}

using System.Text.Json;
using IdentityOps.Core.Audit;
using IdentityOps.Core.Lifecycle;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

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

        await using var command = purge.DataSource.CreateCommand("SELECT max(occurred_at) FROM operator_audit_events WHERE action = 'tenant.purged'");
        var last = await command.ExecuteScalarAsync(cancellationToken) is DateTime at ? $"last tenant purged {at:yyyy-MM-dd HH:mm:ss}Z" : "no tenant purged yet";
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

        await using var connection = await purge.DataSource.OpenConnectionAsync(cancellationToken);
        var chained = (await OperatorAuditTrail.ReadAsync(connection, cancellationToken))
            .Where(e => e.Action == "tenant.purged")
            .Select(e => e.Target)
            .ToList();

        var receipts = 0;
        var problems = new List<string>();
        await using var command = new NpgsqlCommand("SELECT sha256, purged_tenant_id, purged_at, rows_deleted::text FROM deletion_receipts", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            receipts++;
            var receipt = new DeletionReceipt(
                reader.GetGuid(1),
                reader.GetFieldValue<DateTimeOffset>(2),
                JsonSerializer.Deserialize<Dictionary<string, long>>(reader.GetString(3))!,
                reader.GetString(0));
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

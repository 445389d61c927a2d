using System.Text.Json;
using IdentityOps.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Emulator.Snapshot;

/// <summary>
/// Writes one scan's stored inventory as JSON, streamed row by row, so the output of a large tenant
/// does not have to fit in memory. It holds exactly what the database holds: metadata only.
/// </summary>
public static class InventoryExport
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task WriteAsync(IdentityOpsDbContext db, Guid scanId, string path, CancellationToken cancellationToken)
    {
        await using var file = File.Create(path);
        await using var writer = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true });
        await db.InTenantTransactionAsync(
            async ct =>
            {
                var scan = await db.Scans.AsNoTracking().SingleAsync(s => s.Id == scanId, ct);
                writer.WriteStartObject();
                writer.WriteNumber("schemaVersion", 1);
                writer.WritePropertyName("scan");
                JsonSerializer.Serialize(writer, new
                {
                    scan.Id,
                    scan.TenantId,
                    Status = scan.Status.ToString(),
                    scan.RequestedAt,
                    scan.StartedAt,
                    scan.FinishedAt,
                    CollectionCounts = JsonDocument.Parse(scan.CollectionCounts).RootElement,
                    Warnings = JsonDocument.Parse(scan.Warnings).RootElement,
                }, Json);

                await WriteSetAsync(writer, "applications", db.Applications.Where(r => r.ScanId == scanId).OrderBy(r => r.ObjectId), ct);
                await WriteSetAsync(writer, "servicePrincipals", db.ServicePrincipals.Where(r => r.ScanId == scanId).OrderBy(r => r.ObjectId), ct);
                await WriteSetAsync(writer, "credentials", db.Credentials.Where(r => r.ScanId == scanId).OrderBy(r => r.OwnerObjectId).ThenBy(r => r.CredentialId).ThenBy(r => r.Kind), ct);
                await WriteSetAsync(writer, "owners", db.Owners.Where(r => r.ScanId == scanId).OrderBy(r => r.OwnedObjectId).ThenBy(r => r.OwnerObjectId), ct);
                await WriteSetAsync(writer, "delegatedGrants", db.DelegatedGrants.Where(r => r.ScanId == scanId).OrderBy(r => r.GrantId), ct);
                await WriteSetAsync(writer, "appRoleAssignments", db.AppRoleAssignments.Where(r => r.ScanId == scanId).OrderBy(r => r.AssignmentId), ct);
                await WriteSetAsync(writer, "roleDefinitions", db.RoleDefinitions.Where(r => r.ScanId == scanId).OrderBy(r => r.RoleDefinitionId), ct);
                await WriteSetAsync(writer, "roleAssignments", db.RoleAssignments.Where(r => r.ScanId == scanId).OrderBy(r => r.AssignmentId), ct);
                await WriteSetAsync(writer, "users", db.Users.Where(r => r.ScanId == scanId).OrderBy(r => r.ObjectId), ct);
                await WriteSetAsync(writer, "signInDailySummaries", db.SignInDailySummaries.Where(r => r.ScanId == scanId).OrderBy(r => r.UserId).ThenBy(r => r.Day).ThenBy(r => r.AppId).ThenBy(r => r.ClientAppUsed), ct);
                await WriteSetAsync(writer, "mfaRegistrations", db.MfaRegistrations.Where(r => r.ScanId == scanId).OrderBy(r => r.UserId), ct);
                await WriteSetAsync(writer, "tenantPolicies", db.TenantPolicies.Where(r => r.ScanId == scanId).OrderBy(r => r.Kind).ThenBy(r => r.PolicyId), ct);
                await WriteSetAsync(writer, "appSignInActivities", db.AppSignInActivities.Where(r => r.ScanId == scanId).OrderBy(r => r.AppId), ct);
                await WriteSetAsync(writer, "federatedCredentials", db.FederatedCredentials.Where(r => r.ScanId == scanId).OrderBy(r => r.ApplicationObjectId).ThenBy(r => r.CredentialId), ct);
                await WriteSetAsync(writer, "groupMembers", db.GroupMembers.Where(r => r.ScanId == scanId).OrderBy(r => r.GroupId).ThenBy(r => r.MemberId), ct);
                await WriteSetAsync(writer, "roleSchedules", db.RoleSchedules.Where(r => r.ScanId == scanId).OrderBy(r => r.ScheduleKind).ThenBy(r => r.ScheduleId), ct);
                writer.WriteEndObject();
            },
            cancellationToken);
    }

    private static async Task WriteSetAsync<T>(Utf8JsonWriter writer, string name, IQueryable<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        writer.WriteStartArray(name);
        await foreach (var row in rows.AsNoTracking().AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            JsonSerializer.Serialize(writer, row, Json);
        }

        writer.WriteEndArray();
        await writer.FlushAsync(cancellationToken);
    }
}

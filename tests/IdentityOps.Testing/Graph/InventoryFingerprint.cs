using Npgsql;

namespace IdentityOps.Testing.Graph;

/// <summary>Every inventory row of one scan as text, without the tenant and scan ids, sorted: two scans of the same data compare equal.</summary>
public static class InventoryFingerprint
{
    public static readonly string[] Tables =
        ["applications", "service_principals", "credentials", "owners", "delegated_grants", "app_role_assignments", "role_definitions", "role_assignments", "users", "sign_in_daily_summaries", "mfa_registrations", "tenant_policies",
         "app_sign_in_activities", "federated_credentials", "group_members", "role_schedules"];

    public static async Task<string> OfAsync(TenantDatabase database, Guid tenant, Guid scan)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var connection = await TenantDatabase.OpenAsync(database.SuperuserConnectionString);
        var rows = new List<string>();
        foreach (var table in Tables)
        {
            await using var command = new NpgsqlCommand($"SELECT '{table}:' || (to_jsonb(t) - 'tenant_id' - 'scan_id')::text FROM {table} t WHERE tenant_id = @tenant AND scan_id = @scan", connection);
            command.Parameters.AddWithValue("tenant", tenant);
            command.Parameters.AddWithValue("scan", scan);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(reader.GetString(0));
            }
        }

        rows.Sort(StringComparer.Ordinal);
        return string.Join('\n', rows);
    }
}

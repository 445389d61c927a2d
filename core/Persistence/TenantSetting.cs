using Npgsql;

namespace IdentityOps.Core.Persistence;

/// <summary>
/// The one way the settings row-level security reads reach PostgreSQL: <c>set_config(name, value, true)</c>,
/// transaction-locally (security-pitfalls 4: a session-level setting could outlive the transaction in the
/// pool), with the setting's name and value both sent as parameters, never written into the SQL.
/// </summary>
public static class TenantSetting
{
    /// <summary>
    /// Sets <see cref="DatabaseRoles.TenantSetting"/> for the rest of <paramref name="transaction"/>. No tenant sets the
    /// empty string explicitly; the policies read it as "no tenant" (<c>NULLIF</c>), so such a transaction sees no tenant rows at all.
    /// </summary>
    public static async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid? tenantId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, (DatabaseRoles.TenantSetting, TenantValue(tenantId)));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>As <see cref="ApplyAsync"/>, for EF Core's synchronous transaction events.</summary>
    public static void Apply(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid? tenantId)
    {
        using var command = Command(connection, transaction, (DatabaseRoles.TenantSetting, TenantValue(tenantId)));
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// For the one read that cannot know its tenant (a browser's session id): names the id's hash in
    /// <see cref="DatabaseRoles.SessionIdHashSetting"/> and no tenant, so the policy <c>session_lookup_by_id_hash</c>
    /// shows exactly that session's row and nothing else.
    /// </summary>
    public static async Task ApplySessionLookupAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, byte[] idHash, CancellationToken cancellationToken)
    {
        await using var command = Command(
            connection,
            transaction,
            (DatabaseRoles.SessionIdHashSetting, Convert.ToHexStringLower(idHash)),
            (DatabaseRoles.TenantSetting, TenantValue(null)));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string TenantValue(Guid? tenantId) => tenantId?.ToString("D") ?? string.Empty;

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction transaction, params (string Setting, string Value)[] settings)
    {
        var command = new NpgsqlCommand(string.Empty, connection, transaction);
        var calls = new List<string>(settings.Length);
        for (var i = 0; i < settings.Length; i++)
        {
            calls.Add($"set_config(@setting{i}, @value{i}, true)");
            command.Parameters.AddWithValue($"setting{i}", settings[i].Setting);
            command.Parameters.AddWithValue($"value{i}", settings[i].Value);
        }

        command.CommandText = "SELECT " + string.Join(", ", calls);
        return command;
    }
}

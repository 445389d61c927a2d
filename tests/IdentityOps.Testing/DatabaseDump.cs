using Npgsql;

namespace IdentityOps.Testing;

/// <summary>Every row of every table as text, read by a superuser (no RLS): what a database thief would see.</summary>
public static class DatabaseDump
{
    public static async Task<string> ReadAllAsync(TenantDatabase database)
    {
        await using var connection = await TenantDatabase.OpenAsync(database.SuperuserConnectionString);
        var dump = new System.Text.StringBuilder();
        foreach (var table in await SchemaCatalog.TablesAsync(connection))
        {
            await using var command = new NpgsqlCommand($"SELECT t::text FROM \"{table}\" t", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                dump.AppendLine(reader.GetString(0));
            }
        }

        return dump.ToString();
    }
}

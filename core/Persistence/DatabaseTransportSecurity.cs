using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace IdentityOps.Core.Persistence;

/// <summary>
/// Marker options whose validation, at host start, is the TLS requirement on every PostgreSQL
/// connection string under <c>Database</c> (see <see cref="DatabaseTransportSecurity"/>).
/// </summary>
public sealed class DatabaseTransportOptions;

/// <summary>
/// The one TLS check every host runs at start (issue 18, item 18): in Production, each
/// <c>Database:*ConnectionString</c> (the application's, the purge's, the scheduler's, whichever the host
/// has) must say <c>SSL Mode=VerifyFull</c>: TLS, the server certificate checked against a trusted root,
/// and the certificate's name checked against the host (Npgsql <c>SslMode.VerifyFull</c>:
/// https://www.npgsql.org/doc/api/Npgsql.SslMode.html; libpq's verify-full, which alone stops a spoofed
/// server: https://www.postgresql.org/docs/15/libpq-ssl.html). <c>Require</c> encrypts but accepts any
/// certificate, so a man in the middle reads every tenant's data and the job roles' passwords.
/// The one exception is a server on this machine (loopback addresses, <c>localhost</c>, a Unix socket
/// directory), whose traffic never leaves it and which has no name a certificate could prove; development
/// and test environments are not checked.
/// </summary>
public sealed class DatabaseTransportSecurity(IHostEnvironment environment, IConfiguration configuration) : IValidateOptions<DatabaseTransportOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseTransportOptions options)
    {
        if (!environment.IsProduction())
        {
            return ValidateOptionsResult.Success;
        }

        var problems = configuration.GetSection(DatabaseOptions.Section).GetChildren()
            .Where(setting => setting.Key.EndsWith("ConnectionString", StringComparison.Ordinal) && !string.IsNullOrWhiteSpace(setting.Value))
            .Select(setting => Problem($"{DatabaseOptions.Section}:{setting.Key}", setting.Value!))
            .OfType<string>()
            .ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>Why <paramref name="connectionString"/> may not be used in Production, or null when it may.</summary>
    public static string? Problem(string setting, string connectionString)
    {
        NpgsqlConnectionStringBuilder parsed;
        try
        {
            parsed = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException)
        {
            // The message may quote the string, password included: name the setting only.
            return $"{setting} is not a valid PostgreSQL connection string.";
        }

        if (parsed.SslMode == SslMode.VerifyFull || IsThisMachine(parsed.Host))
        {
            return null;
        }

        return $"{setting} uses SSL Mode={parsed.SslMode} to {parsed.Host}: in Production every PostgreSQL connection must set "
            + "'SSL Mode=VerifyFull' (TLS with the server's certificate and host name verified). The host does not start.";
    }

    private static bool IsThisMachine(string? hosts)
        => !string.IsNullOrWhiteSpace(hosts) && hosts.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).All(IsLoopback);

    private static bool IsLoopback(string host)
    {
        // "host:port" and "[v6]:port" are allowed in Npgsql's Host; a leading '/' is a Unix socket directory.
        if (host.StartsWith('/'))
        {
            return true;
        }

        var name = host.StartsWith('[') ? host[1..host.IndexOf(']', StringComparison.Ordinal)] : host.Split(':') is [var only, _] ? only : host;
        return string.Equals(name, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(name, out var address) && IPAddress.IsLoopback(address));
    }
}

using System.Data.Common;

namespace IdentityOps.Cli.Verbs;

/// <summary>
/// A database the verb cannot use (refused connection, wrong password, missing rights) is the operator's setup, not a
/// bug of ours: the verb says so in one line that names the cause and exits 1, never with a stack trace.
/// </summary>
internal static class DatabaseFailure
{
    public static string Describe(string verb, string setting, DbException error)
        => $"{verb} failed: the database at {setting} could not be used ("
           + string.Join(": ", new[] { error.Message, error.InnerException?.Message }.Where(m => !string.IsNullOrWhiteSpace(m))).ReplaceLineEndings(" ")
           + ").";
}

namespace IdentityOps.Core.Rules.Permissions;

/// <summary>Delegated Microsoft Graph scopes that reach other people's data or change the directory.</summary>
internal static class DelegatedScopes
{
    /// <summary>
    /// Scopes that, granted for all users, expose every user's mail, files, sites or the directory
    /// (Microsoft Graph permissions reference; the delegated counterparts of the sensitive and
    /// privileged application permissions).
    /// </summary>
    public static readonly IReadOnlySet<string> Sensitive = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Mail.Read", "Mail.ReadWrite", "Mail.Send", "Mail.Read.Shared", "Mail.ReadWrite.Shared", "Mail.Send.Shared", "MailboxSettings.ReadWrite",
        "Files.Read.All", "Files.ReadWrite.All", "Sites.Read.All", "Sites.ReadWrite.All", "Sites.FullControl.All", "Notes.ReadWrite.All",
        "Directory.ReadWrite.All", "Directory.AccessAsUser.All", "RoleManagement.ReadWrite.Directory", "Application.ReadWrite.All",
        "AppRoleAssignment.ReadWrite.All", "User.ReadWrite.All", "Group.ReadWrite.All", "Policy.ReadWrite.ConditionalAccess",
        "Calendars.ReadWrite", "Contacts.ReadWrite", "Chat.ReadWrite", "ChannelMessage.Read.All", "EWS.AccessAsUser.All", "full_access_as_user",
    };

    /// <summary>Scopes that read or change a user's mail or files: with offline_access, readable for months without the user.</summary>
    public static bool IsMailOrFiles(string scope)
        => scope.StartsWith("Mail.", StringComparison.OrdinalIgnoreCase) || scope.StartsWith("Files.", StringComparison.OrdinalIgnoreCase)
            || scope.StartsWith("Notes.", StringComparison.OrdinalIgnoreCase) || scope.Equals("EWS.AccessAsUser.All", StringComparison.OrdinalIgnoreCase);
}

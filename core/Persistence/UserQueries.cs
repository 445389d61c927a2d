using IdentityOps.Core.Inventory;
using Microsoft.EntityFrameworkCore;

namespace IdentityOps.Core.Persistence;

/// <summary>Look-ups of inventory users that need PostgreSQL's own operators, so use cases need no provider functions.</summary>
public static class UserQueries
{
    /// <summary>
    /// The users whose user principal name is <paramref name="userPrincipalName"/>, ignoring case (<c>ILIKE</c>, with
    /// <c>%</c>, <c>_</c> and <c>\</c> escaped so that they match only themselves).
    /// </summary>
    public static IQueryable<UserRecord> WithUserPrincipalName(this IQueryable<UserRecord> users, string userPrincipalName)
    {
        var pattern = userPrincipalName.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");
        return users.Where(u => u.UserPrincipalName != null && EF.Functions.ILike(u.UserPrincipalName, pattern));
    }
}

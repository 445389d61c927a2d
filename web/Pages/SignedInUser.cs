using System.Security.Claims;
using Microsoft.Identity.Web;

namespace IdentityOps.Web.Pages;

/// <summary>
/// The signed-in person as pages need them. The tenant is the sign-in's <c>tid</c>, never anything
/// a request carries; pages reach here only through the team policies, so the claims are present.
/// </summary>
public static class SignedInUser
{
    public static Guid TenantId(this ClaimsPrincipal user)
        => Guid.TryParse(user.GetTenantId(), out var id) ? id : throw new InvalidOperationException("The sign-in carries no tenant.");

    public static Guid ObjectId(this ClaimsPrincipal user)
        => Guid.TryParse(user.GetObjectId(), out var id) ? id : throw new InvalidOperationException("The sign-in carries no object id.");

    public static string DisplayName(this ClaimsPrincipal user)
        => user.FindFirst(ClaimConstants.Name)?.Value ?? user.FindFirst(ClaimConstants.PreferredUserName)?.Value ?? "Signed-in user";
}

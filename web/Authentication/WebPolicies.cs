// TEMPORARY stand-in until the web sign-in branch lands (it replaces this file).
namespace IdentityOps.Web.Authentication;

public static class WebPolicies
{
    public const string TenantReader = nameof(TenantReader);
    public const string TenantAdmin = nameof(TenantAdmin);
}

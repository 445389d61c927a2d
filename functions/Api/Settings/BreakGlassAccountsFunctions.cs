using System.ComponentModel.DataAnnotations;
using IdentityOps.Core.Findings.GetRuleSettings;
using IdentityOps.Core.Findings.UpdateRuleSettings;
using IdentityOps.Functions.Api.Description;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace IdentityOps.Functions.Api.Settings;

/// <summary>One emergency-access account as the API shows it; user fields are null when the latest scan does not hold it.</summary>
public sealed record BreakGlassAccountView(Guid ObjectId, string? UserPrincipalName, string? DisplayName, bool? AccountEnabled)
{
    public static IReadOnlyList<BreakGlassAccountView> Of(RuleSettingsView view)
        => view.BreakGlassAccounts.Select(a => new BreakGlassAccountView(a.ObjectId, a.User?.UserPrincipalName, a.User?.DisplayName, a.User?.AccountEnabled)).ToList();
}

/// <param name="Accounts">User principal names or object ids of users in the latest scan.</param>
public sealed record BreakGlassAccountsBody(IReadOnlyList<string>? Accounts);

/// <summary>GET /api/settings/break-glass-accounts: the tenant's named emergency-access accounts. The tenant is the caller's.</summary>
public sealed class GetBreakGlassAccountsFunction(ApiGate gate, GetRuleSettingsQuery query)
{
    [Function(nameof(GetBreakGlassAccountsFunction))]
    [ApiOperation("getBreakGlassAccounts", "The named emergency-access (break-glass) accounts, as the latest scan saw them.", Policy = Policies.TenantReader, Tag = "settings")]
    [ApiResponse(200, "The accounts.", Body = typeof(IReadOnlyList<BreakGlassAccountView>))]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "settings/break-glass-accounts")] HttpRequest request,
        CancellationToken cancellationToken)
        => gate.RunAsync(request, Policies.TenantReader, async caller =>
            new OkObjectResult(BreakGlassAccountView.Of(await query.GetAsync(new GetRuleSettingsRequest(caller.TenantId), cancellationToken))));
}

/// <summary>
/// PUT /api/settings/break-glass-accounts: an admin names the emergency-access accounts, by UPN or object id of a
/// user in the latest scan; 400 names each unknown one. The core command validates, stores object ids and audits.
/// </summary>
public sealed class SetBreakGlassAccountsFunction(ApiGate gate, GetRuleSettingsQuery query, UpdateRuleSettingsCommand update)
{
    [Function(nameof(SetBreakGlassAccountsFunction))]
    [ApiOperation("setBreakGlassAccounts", "Names the emergency-access accounts, by UPN or object id of users in the latest scan.", Policy = Policies.TenantAdmin, Tag = "settings")]
    [ApiBody(typeof(BreakGlassAccountsBody))]
    [ApiResponse(200, "The accounts as saved.", Body = typeof(IReadOnlyList<BreakGlassAccountView>))]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "settings/break-glass-accounts")] HttpRequest request,
        CancellationToken cancellationToken)
        => gate.RunAsync(request, Policies.TenantAdmin, async caller =>
        {
            var (body, bodyProblem) = await ApiRequest.ReadJsonAsync<BreakGlassAccountsBody>(request, cancellationToken);
            if (body is null)
            {
                return bodyProblem!;
            }

            var names = (body.Accounts ?? []).Select(n => n.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var found = names.Count == 0 ? [] : await query.FindUsersAsync(caller.TenantId, names, cancellationToken);
            var unknown = found.Where(f => f.User is null).Select(f => $"No user \"{f.Name}\" in the latest scan.").ToArray();
            if (unknown.Length > 0)
            {
                return ApiProblems.Validation(new Dictionary<string, string[]> { ["accounts"] = unknown });
            }

            var current = (await query.GetAsync(new GetRuleSettingsRequest(caller.TenantId), cancellationToken)).Settings;
            try
            {
                await update.RunAsync(new UpdateRuleSettingsRequest(caller.TenantId, current with { BreakGlassAccounts = found.Select(f => f.User!.ObjectId).Distinct().ToList() }, caller.ObjectId), cancellationToken);
            }
            catch (ValidationException ex)
            {
                return ApiProblems.BadRequest("accounts", ex.Message);
            }

            return new OkObjectResult(BreakGlassAccountView.Of(await query.GetAsync(new GetRuleSettingsRequest(caller.TenantId), cancellationToken)));
        });
}

using IdentityOps.Core.Inventory;
using Microsoft.Graph.Models;

namespace IdentityOps.Core.Graph.Collection;

/// <summary>
/// The tenant's authentication strengths, built-in and custom (<see cref="TenantPolicyRecord"/> of kind
/// <c>authenticationStrengthPolicy</c>, one per strength): which combinations of methods each one allows. Graph returns the
/// strength a Conditional Access policy requires inside its <c>grantControls</c> (conditionalaccessroot-list-policies,
/// v1.0 example response), but an administrator can change a custom strength's combinations at any time, so the rules
/// resolve a policy's strength by id against this list, the strengths as they are now
/// (api-reference/v1.0/api/authenticationstrengthroot-list-policies.md: "returns both built-in and custom policies").
/// </summary>
internal sealed class AuthenticationStrengthPoliciesReader : CollectionReader
{
    public const string Kind = "authenticationStrengthPolicy";

    internal static readonly string[] Select = ["id", "displayName", "policyType", "allowedCombinations"];

    public override string Name => "authenticationStrengthPolicies";

    // Least scope Policy.Read.AuthenticationMethod; Policy.Read.All, which the Conditional Access read needs anyway, also grants it.
    public override IReadOnlyList<GraphRead> Reads { get; } =
    [
        new(GraphRead.V1, "/policies/authenticationStrengthPolicies?$select=id,displayName,policyType,allowedCombinations", "Policy.Read.AuthenticationMethod", "Policy.Read.All", "Security Reader", "api-reference/v1.0/includes/permissions/authenticationstrengthroot-list-policies-permissions.md; roles: rbac-for-apis/rbac-authenticationstrength-apis-read.md"),
    ];

    internal override IReadOnlyList<InventoryShare> Shares => [InventoryShare.Policies(Kind)];

    internal override async Task<CollectionOutcome> CollectAsync(ScanCollectionContext context, CancellationToken cancellationToken)
    {
        var tally = new CollectionTally();
        var rows = context.Buffer<TenantPolicyRecord>();
        var firstCopies = new FirstCopies<string>(tally, "an authentication strength");
        await GraphPaging.ReadAllAsync(
            context.Graph,
            ct => context.Graph.Policies.AuthenticationStrengthPolicies.GetAsync(r => r.QueryParameters.Select = Select, ct),
            (link, ct) => context.Graph.Policies.AuthenticationStrengthPolicies.WithUrl(link).GetAsync(cancellationToken: ct),
            page => page.OdataNextLink,
            async (page, ct) =>
            {
                foreach (var strength in page.Value ?? [])
                {
                    if (string.IsNullOrEmpty(strength.Id))
                    {
                        tally.Skip("an authentication strength without an id");
                        continue;
                    }

                    if (!firstCopies.Admit(strength.Id))
                    {
                        continue;
                    }

                    await rows.AddAsync(
                        new TenantPolicyRecord
                        {
                            TenantId = context.TenantId,
                            ScanId = context.ScanId,
                            Kind = Kind,
                            PolicyId = strength.Id,
                            DisplayName = strength.DisplayName,
                            Settings = GraphMapping.Json(new
                            {
                                policyType = strength.PolicyType?.ToString(),
                                allowedCombinations = AuthenticationModes.GraphNames(strength.AllowedCombinations),
                            }),
                        },
                        ct);
                    tally.Kept++;
                }
            },
            cancellationToken);
        await rows.FlushAsync(cancellationToken);
        return new CollectionOutcome(Name, tally.Kept, null, tally.Warnings(), ViaDelta: false);
    }
}

/// <summary>
/// Authentication method combinations in Graph's own spelling (<c>password,sms</c>). The SDK parses each combination into
/// a flags enum, whose <c>ToString()</c> is <c>Password, Sms</c>; the names come back from each flag's <c>EnumMember</c>
/// value, in flag order, which is the order Graph writes them in (authenticationstrengthroot-list-policies examples:
/// <c>password,microsoftAuthenticatorPush</c>, <c>sms,federatedSingleFactor</c>).
/// </summary>
internal static class AuthenticationModes
{
    private static readonly (AuthenticationMethodModes Flag, string Name)[] Flags =
    [
        .. Enum.GetValues<AuthenticationMethodModes>()
            .Select(flag => (flag, typeof(AuthenticationMethodModes).GetField(flag.ToString())!
                .GetCustomAttributes(typeof(System.Runtime.Serialization.EnumMemberAttribute), false)
                .OfType<System.Runtime.Serialization.EnumMemberAttribute>().FirstOrDefault()?.Value ?? flag.ToString()))
            .OrderBy(pair => (long)pair.flag),
    ];

    public static IEnumerable<string>? GraphNames(IEnumerable<AuthenticationMethodModes?>? combinations)
        => combinations?.OfType<AuthenticationMethodModes>().Select(GraphName);

    private static string GraphName(AuthenticationMethodModes combination)
        => string.Join(',', Flags.Where(f => f.Flag != 0 && combination.HasFlag(f.Flag)).Select(f => f.Name));
}

using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Graph.Collection;

/// <summary>Authentication-method registration per user (fills <see cref="MfaRegistrationRecord"/>). A report endpoint: 5 requests per 10 s.</summary>
internal sealed class MfaRegistrationReader : CollectionReader
{
    internal static readonly string[] Select = ["id", "isAdmin", "isMfaRegistered", "isMfaCapable", "methodsRegistered", "userPreferredMethodForSecondaryAuthentication"];

    public override string Name => "userRegistrationDetails";

    internal override CollectionProperties Properties { get; } = CollectionProperties.Of(Select, "id");

    public override IReadOnlyList<GraphRead> Reads { get; } = [new(GraphRead.V1, "/reports/authenticationMethods/userRegistrationDetails", "AuditLog.Read.All", "AuditLog.Read.All", "Reports Reader", GraphRead.Documented("authenticationmethodsroot-list-userregistrationdetails"))];

    internal override IReadOnlyList<InventoryShare> Shares { get; } = [InventoryShare.All<MfaRegistrationRecord>()];

    internal override async Task<CollectionOutcome> CollectAsync(ScanCollectionContext context, CancellationToken cancellationToken)
    {
        var tally = new CollectionTally();
        var rows = context.Buffer<MfaRegistrationRecord>();
        var firstCopies = new FirstCopies<Guid>(tally, "a registration detail");
        var details = context.Graph.Reports.AuthenticationMethods.UserRegistrationDetails;
        await GraphPaging.ReadAllAsync(
            context.Graph,
            ct => details.GetAsync(r => { r.QueryParameters.Select = Select; r.QueryParameters.Top = 999; }, ct),
            (link, ct) => details.WithUrl(link).GetAsync(cancellationToken: ct),
            page => page.OdataNextLink,
            async (page, ct) =>
            {
                foreach (var detail in page.Value ?? [])
                {
                    context.Presence("userRegistrationDetails").Observe(detail);
                    if (GraphMapping.ParseId(detail.Id) is not { } userId)
                    {
                        tally.Skip("a registration detail without a valid user id");
                        continue;
                    }

                    if (!firstCopies.Admit(userId))
                    {
                        continue;
                    }

                    await rows.AddAsync(
                        new MfaRegistrationRecord
                        {
                            TenantId = context.TenantId,
                            ScanId = context.ScanId,
                            UserId = userId,
                            IsAdmin = detail.IsAdmin ?? false,
                            IsMfaRegistered = detail.IsMfaRegistered ?? false,
                            IsMfaCapable = detail.IsMfaCapable ?? false,
                            MethodsRegistered = detail.MethodsRegistered?.Where(m => m is not null).ToArray() ?? [],
                            DefaultMethod = detail.UserPreferredMethodForSecondaryAuthentication?.ToString(),
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

using IdentityOps.Core.Inventory;
using IdentityOps.Core.Inventory.Reference;
using Microsoft.Graph.Models;

namespace IdentityOps.Core.Graph.Collection;

/// <summary>
/// Federated identity credentials of the privileged app registrations (fills
/// <see cref="FederatedCredentialRecord"/>): those whose service principal holds a Microsoft Graph
/// application permission that is a path to Global Administrator, or a privileged directory role, as
/// this scan's <c>appRoleAssignments</c> and <c>directoryRoles</c> found them. Graph lists the
/// credentials only per app (<c>applications/{id}/federatedIdentityCredentials</c>, at most 20 per
/// app), so reading every app's would cost one request per app registration; the privileged ones
/// are a handful, read 20 to a <c>$batch</c>.
/// </summary>
internal sealed class FederatedCredentialsReader(TimeProvider time) : CollectionReader
{
    // Public identifiers only: a federated credential has no secret, and its description is free text we do not need.
    internal static readonly string[] Select = ["id", "name", "issuer", "subject", "audiences"];

    public override string Name => "federatedIdentityCredentials";

    internal override CollectionProperties Properties { get; } = CollectionProperties.Of(Select, "id", "issuer", "subject");

    public override IReadOnlyList<GraphRead> Reads { get; } = [new(GraphRead.V1, "/applications/{id}/federatedIdentityCredentials (in $batch)", "Application.Read.All", "Application.Read.All", GraphRead.NoRole, GraphRead.Documented("application-list-federatedidentitycredentials"))];

    public override IReadOnlyList<string> DependsOn => ["applications", "servicePrincipals", "appRoleAssignments", "directoryRoles"];

    internal override IReadOnlyList<InventoryShare> Shares { get; } = [InventoryShare.All<FederatedCredentialRecord>()];

    internal override async Task<CollectionOutcome> CollectAsync(ScanCollectionContext context, CancellationToken cancellationToken)
    {
        var tally = new CollectionTally();
        var privilegedPermissions = GraphPermissionTiers.All.Where(p => p.Tier is PermissionTier.Direct or PermissionTier.Indirect).Select(p => p.Id).ToArray();
        var applications = await context.Inventory.PrivilegedApplicationIdsAsync(privilegedPermissions, cancellationToken);
        var rows = context.Buffer<FederatedCredentialRecord>();
        var firstCopies = new FirstCopies<(Guid, string)>(tally, "a federated identity credential");
        await GraphBatch.ReadAllAsync<FederatedIdentityCredentialCollectionResponse>(
            context.Graph,
            applications.ToDictionary(
                id => id.ToString("D"),
                id => context.Graph.Applications[id.ToString("D")].FederatedIdentityCredentials.ToGetRequestInformation(r => r.QueryParameters.Select = Select),
                StringComparer.Ordinal),
            (applicationId, link, ct) => context.Graph.Applications[applicationId].FederatedIdentityCredentials.WithUrl(link).GetAsync(cancellationToken: ct),
            page => page.OdataNextLink,
            async (applicationId, page, ct) =>
            {
                var application = Guid.Parse(applicationId);
                foreach (var credential in page.Value ?? [])
                {
                    context.Presence("federatedIdentityCredentials").Observe(credential);
                    if (string.IsNullOrEmpty(credential.Id) || string.IsNullOrEmpty(credential.Issuer) || string.IsNullOrEmpty(credential.Subject))
                    {
                        tally.Skip("a federated identity credential without an id, issuer or subject");
                        continue;
                    }

                    if (!firstCopies.Admit((application, credential.Id)))
                    {
                        continue;
                    }

                    await rows.AddAsync(
                        new FederatedCredentialRecord
                        {
                            TenantId = context.TenantId,
                            ScanId = context.ScanId,
                            ApplicationObjectId = application,
                            CredentialId = credential.Id,
                            Name = credential.Name,
                            Issuer = credential.Issuer,
                            Subject = credential.Subject,
                            Audiences = credential.Audiences?.Where(a => a is not null).ToArray() ?? [],
                        },
                        ct);
                    tally.Kept++;
                }
            },
            _ => tally.Skip("an app registration deleted while the scan read it"),
            time,
            cancellationToken);
        await rows.FlushAsync(cancellationToken);
        var notes = tally.Warnings();
        return new CollectionOutcome(Name, tally.Kept, null, applications.Count == 0 ? [.. notes, "no app registration holds a privileged permission or role"] : notes, ViaDelta: false);
    }
}

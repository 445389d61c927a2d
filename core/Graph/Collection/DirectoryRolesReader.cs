using IdentityOps.Core.Inventory;
using IdentityOps.Core.Scans.Inventory;

namespace IdentityOps.Core.Graph.Collection;

/// <summary>Directory role definitions and active role assignments with their principals (fills <see cref="RoleDefinitionRecord"/>, <see cref="RoleAssignmentRecord"/>).</summary>
internal sealed class DirectoryRolesReader : CollectionReader
{
    internal static readonly string[] DefinitionSelect = ["id", "displayName", "isBuiltIn", "templateId", "isPrivileged"];
    internal static readonly string[] AssignmentSelect = ["id", "roleDefinitionId", "principalId", "directoryScopeId"];
    internal static readonly string[] PrincipalExpand = ["principal($select=id,displayName,userType,accountEnabled,onPremisesSyncEnabled)"];

    public override string Name => "directoryRoles";

    internal override IReadOnlyList<InventoryShare> Shares { get; } = [InventoryShare.All<RoleDefinitionRecord>(), InventoryShare.All<RoleAssignmentRecord>()];

    internal override async Task<CollectionOutcome> CollectAsync(ScanCollectionContext context, CancellationToken cancellationToken)
    {
        var tally = new CollectionTally();
        var definitions = context.Buffer<RoleDefinitionRecord>();
        var definitionCopies = new FirstCopies<string>(tally, "a role definition");
        await GraphPaging.ReadAllAsync(
            ct => context.Graph.RoleManagement.Directory.RoleDefinitions.GetAsync(r => r.QueryParameters.Select = DefinitionSelect, ct),
            (link, ct) => context.Graph.RoleManagement.Directory.RoleDefinitions.WithUrl(link).GetAsync(cancellationToken: ct),
            page => page.OdataNextLink,
            async (page, ct) =>
            {
                foreach (var definition in page.Value ?? [])
                {
                    if (string.IsNullOrEmpty(definition.Id))
                    {
                        tally.Skip("a role definition without an id");
                        continue;
                    }

                    if (!definitionCopies.Admit(definition.Id))
                    {
                        continue;
                    }

                    var privileged = definition.AdditionalData?.TryGetValue("isPrivileged", out var flag) == true && flag is true;
                    await definitions.AddAsync(
                        new RoleDefinitionRecord
                        {
                            TenantId = context.TenantId,
                            ScanId = context.ScanId,
                            RoleDefinitionId = definition.Id,
                            DisplayName = GraphMapping.Name(definition.DisplayName),
                            IsBuiltIn = definition.IsBuiltIn ?? false,
                            IsPrivileged = privileged,
                            TemplateId = definition.TemplateId,
                        },
                        ct);
                }
            },
            cancellationToken);
        await definitions.FlushAsync(cancellationToken);

        var assignments = context.Buffer<RoleAssignmentRecord>();
        var assignmentCopies = new FirstCopies<string>(tally, "a role assignment");
        await GraphPaging.ReadAllAsync(
            ct => context.Graph.RoleManagement.Directory.RoleAssignments.GetAsync(r => { r.QueryParameters.Select = AssignmentSelect; r.QueryParameters.Expand = PrincipalExpand; }, ct),
            (link, ct) => context.Graph.RoleManagement.Directory.RoleAssignments.WithUrl(link).GetAsync(cancellationToken: ct),
            page => page.OdataNextLink,
            async (page, ct) =>
            {
                foreach (var assignment in page.Value ?? [])
                {
                    if (string.IsNullOrEmpty(assignment.Id) || string.IsNullOrEmpty(assignment.RoleDefinitionId) || GraphMapping.ParseId(assignment.PrincipalId) is not { } principalId)
                    {
                        tally.Skip("a role assignment without a valid id, roleDefinitionId or principalId");
                        continue;
                    }

                    if (!assignmentCopies.Admit(assignment.Id))
                    {
                        continue;
                    }

                    await assignments.AddAsync(
                        new RoleAssignmentRecord
                        {
                            TenantId = context.TenantId,
                            ScanId = context.ScanId,
                            AssignmentId = assignment.Id,
                            RoleDefinitionId = assignment.RoleDefinitionId,
                            PrincipalId = principalId,
                            PrincipalType = assignment.Principal is { } principal ? GraphMapping.ObjectType(principal) : null,
                            DirectoryScopeId = assignment.DirectoryScopeId ?? "/",
                        },
                        ct);
                    tally.Kept++;
                }
            },
            cancellationToken);
        await assignments.FlushAsync(cancellationToken);
        return new CollectionOutcome(Name, tally.Kept, null, tally.Warnings(), ViaDelta: false);
    }
}

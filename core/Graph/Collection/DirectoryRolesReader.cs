using IdentityOps.Core.Inventory;
using Microsoft.Graph.Models;

namespace IdentityOps.Core.Graph.Collection;

/// <summary>
/// Directory role definitions, active role assignments with their principals, and the transitive
/// members of every group that holds a privileged role (fills <see cref="RoleDefinitionRecord"/>,
/// <see cref="RoleAssignmentRecord"/>, <see cref="GroupMemberRecord"/>). The members belong to this
/// collection rather than one of their own: without them a privileged holder would be missed, so the
/// roles are not known until they are read, and a refusal makes the whole collection unavailable.
/// Role definitions come from beta, the only version whose <c>unifiedRoleDefinition</c> has <c>isPrivileged</c>.
/// </summary>
internal sealed class DirectoryRolesReader(TimeProvider time) : CollectionReader
{
    internal static readonly string[] DefinitionSelect = ["id", "displayName", "isBuiltIn", "templateId", "isPrivileged"];
    internal static readonly string[] AssignmentSelect = ["id", "roleDefinitionId", "principalId", "directoryScopeId"];
    internal static readonly string[] PrincipalExpand = ["principal($select=id,displayName,userType,accountEnabled,onPremisesSyncEnabled)"];

    // Only the member's id (its @odata.type comes with every directory object): who holds the role, nothing about them.
    internal static readonly string[] MemberSelect = ["id"];

    public override string Name => "directoryRoles";

    public override IReadOnlyList<GraphRead> Reads { get; } =
    [
        new(GraphRead.Beta, "/roleManagement/directory/roleDefinitions", "RoleManagement.Read.Directory", "RoleManagement.Read.Directory", GraphRead.NoRole, "api-reference/beta/api/rbacapplication-list-roledefinitions.md (not re-read)"),
        new(GraphRead.V1, "/roleManagement/directory/roleAssignments?$expand=principal", "RoleManagement.Read.Directory", "RoleManagement.Read.Directory", GraphRead.NoRole, "api-reference/v1.0/api/rbacapplication-list-roleassignments.md (not re-read)"),
        new(GraphRead.V1, "/groups/{id}/transitiveMembers (in $batch)", "GroupMember.ReadBasic.All", "Directory.Read.All", GraphRead.NoRole, GraphRead.Documented("group-list-transitivemembers")),
    ];

    internal override IReadOnlyList<InventoryShare> Shares { get; } =
        [InventoryShare.All<RoleDefinitionRecord>(), InventoryShare.All<RoleAssignmentRecord>(), InventoryShare.All<GroupMemberRecord>()];

    internal override async Task<CollectionOutcome> CollectAsync(ScanCollectionContext context, CancellationToken cancellationToken)
    {
        var tally = new CollectionTally();
        var definitions = context.Buffer<RoleDefinitionRecord>();
        var definitionCopies = new FirstCopies<string>(tally, "a role definition");
        var privilegedRoles = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        // isPrivileged is documented on beta only (v1.0 refuses it in $select and never returns it), and without it
        // every role would look unprivileged: the definitions are read from beta; their next links stay there.
        var definitionsOnBeta = GraphVersions.Beta(context.Graph.RoleManagement.Directory.RoleDefinitions
            .ToGetRequestInformation(r => r.QueryParameters.Select = DefinitionSelect).URI);
        await GraphPaging.ReadAllAsync(
            ct => context.Graph.RoleManagement.Directory.RoleDefinitions.WithUrl(definitionsOnBeta).GetAsync(cancellationToken: ct),
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
                    if (privileged)
                    {
                        privilegedRoles.Add(definition.Id);
                    }

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
        var privilegedGroups = new SortedDictionary<Guid, string?>();
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
                    if (assignment.Principal is Group group && privilegedRoles.Contains(assignment.RoleDefinitionId))
                    {
                        privilegedGroups[principalId] = group.DisplayName;
                    }

                    tally.Kept++;
                }
            },
            cancellationToken);
        await assignments.FlushAsync(cancellationToken);
        await ReadGroupMembersAsync(context, privilegedGroups, tally, cancellationToken);
        return new CollectionOutcome(Name, tally.Kept, null, tally.Warnings(), ViaDelta: false);
    }

    /// <summary>
    /// The transitive members (nested groups included) of the groups that hold privileged roles, 20
    /// groups to a <c>$batch</c>: a tenant has a handful of such groups, so this is one request or two.
    /// </summary>
    private async Task ReadGroupMembersAsync(ScanCollectionContext context, IReadOnlyDictionary<Guid, string?> groups, CollectionTally tally, CancellationToken cancellationToken)
    {
        var members = context.Buffer<GroupMemberRecord>();
        await GraphBatch.ReadAllAsync<DirectoryObjectCollectionResponse>(
            context.Graph,
            groups.Keys.ToDictionary(
                id => id.ToString("D"),
                id => context.Graph.Groups[id.ToString("D")].TransitiveMembers.ToGetRequestInformation(r => { r.QueryParameters.Select = MemberSelect; r.QueryParameters.Top = 999; }),
                StringComparer.Ordinal),
            (groupId, link, ct) => context.Graph.Groups[groupId].TransitiveMembers.WithUrl(link).GetAsync(cancellationToken: ct),
            page => page.OdataNextLink,
            async (groupId, page, ct) =>
            {
                var group = Guid.Parse(groupId);
                foreach (var member in page.Value ?? [])
                {
                    if (GraphMapping.ParseId(member.Id) is not { } memberId)
                    {
                        tally.Skip("a group member without a valid id");
                        continue;
                    }

                    await members.AddAsync(
                        new GroupMemberRecord
                        {
                            TenantId = context.TenantId,
                            ScanId = context.ScanId,
                            GroupId = group,
                            MemberId = memberId,
                            MemberType = GraphMapping.ObjectType(member),
                            GroupDisplayName = groups[group],
                        },
                        ct);
                }
            },
            _ => tally.Skip("a group deleted while the scan read it"),
            time,
            cancellationToken);
        await members.FlushAsync(cancellationToken);
    }
}

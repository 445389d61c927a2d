using System.Net;
using IdentityOps.Core.Inventory;
using IdentityOps.Core.Inventory.Reference;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;

namespace IdentityOps.Core.Graph.Collection;

/// <summary>
/// Directory role definitions, active role assignments with their principals, and the transitive
/// members of every group that holds a privileged role (fills <see cref="RoleDefinitionRecord"/>,
/// <see cref="RoleAssignmentRecord"/>, <see cref="GroupMemberRecord"/>). The members belong to this
/// collection rather than one of their own: without them a privileged holder would be missed, so the
/// roles are not known until they are read, and a refusal makes the whole collection unavailable.
/// </summary>
/// <remarks>
/// Whether a role is privileged is decided per definition, from the strongest source that answers
/// (<see cref="RolePrivilegeSource"/>): Graph's <c>isPrivileged</c>, documented on beta only; else Microsoft's
/// published built-in role list by template id; else the role's own <c>rolePermissions</c> against the actions
/// Microsoft labels privileged (a custom role, or a built-in newer than our copy of the list); else unknown.
/// When beta refuses the read (400/403/404: a cloud or an account beta does not serve), the same read on v1.0
/// (which has no <c>isPrivileged</c>) feeds the lists. An assigned role nobody can judge makes the part
/// <c>directoryRoles.isPrivileged</c> unavailable, naming it, so the privileged-role rules are not evaluated
/// rather than pass because the role looked unprivileged.
/// </remarks>
internal sealed class DirectoryRolesReader(TimeProvider time) : CollectionReader
{
    internal static readonly string[] DefinitionSelect = ["id", "displayName", "isBuiltIn", "templateId", "isPrivileged", "rolePermissions"];

    // v1.0's unifiedRoleDefinition has no isPrivileged and refuses it in $select: the fallback asks for the rest.
    internal static readonly string[] DefinitionSelectV1 = ["id", "displayName", "isBuiltIn", "templateId", "rolePermissions"];

    internal static readonly string[] AssignmentSelect = ["id", "roleDefinitionId", "principalId", "directoryScopeId"];
    // The principal with its default properties: only its @odata.type (user, group, service principal) and a group's
    // displayName are read here; who a user is comes from the users collection. Graph's known issues list a $select
    // nested in $expand on directory objects as unsupported, so nothing depends on one.
    internal static readonly string[] PrincipalExpand = ["principal"];

    // Only the member's id (its @odata.type comes with every directory object): who holds the role, nothing about them.
    internal static readonly string[] MemberSelect = ["id"];

    /// <summary>The part of this collection that says which roles are privileged (<c>directoryRoles.isPrivileged</c>).</summary>
    internal const string IsPrivilegedPart = "isPrivileged";

    public override string Name => "directoryRoles";

    // isPrivileged is left to this reader's own verdict (the IsPrivilegedPart above): Microsoft's lists stand in when Graph does not send it.
    internal override CollectionProperties Properties { get; } = CollectionProperties.Of([.. DefinitionSelectV1, .. AssignmentSelect.Skip(1)], "id", "roleDefinitionId", "principalId");

    public override IReadOnlyList<GraphRead> Reads { get; } =
    [
        new(GraphRead.Beta, "/roleManagement/directory/roleDefinitions", "RoleManagement.Read.Directory", "RoleManagement.Read.Directory", GraphRead.NoRole, "api-reference/beta/api/rbacapplication-list-roledefinitions.md (not re-read)"),
        new(GraphRead.V1, "/roleManagement/directory/roleDefinitions (when beta is refused)", "RoleManagement.Read.Directory", "RoleManagement.Read.Directory", GraphRead.NoRole, "api-reference/v1.0/api/rbacapplication-list-roledefinitions.md (not re-read)"),
        new(GraphRead.V1, "/roleManagement/directory/roleAssignments?$expand=principal", "RoleManagement.Read.Directory", "RoleManagement.Read.Directory", GraphRead.NoRole, "api-reference/v1.0/api/rbacapplication-list-roleassignments.md (not re-read)"),
        new(GraphRead.V1, "/groups/{id}/transitiveMembers (in $batch)", "GroupMember.ReadBasic.All", "Directory.Read.All", GraphRead.NoRole, GraphRead.Documented("group-list-transitivemembers")),
    ];

    internal override IReadOnlyList<InventoryShare> Shares { get; } =
        [InventoryShare.All<RoleDefinitionRecord>(), InventoryShare.All<RoleAssignmentRecord>(), InventoryShare.All<GroupMemberRecord>()];

    internal override async Task<CollectionOutcome> CollectAsync(ScanCollectionContext context, CancellationToken cancellationToken)
    {
        var tally = new CollectionTally();
        List<UnifiedRoleDefinition> read;
        try
        {
            read = await ReadDefinitionsAsync(context, onBeta: true, cancellationToken);
        }
        catch (Exception error) when (IsBetaRefusal(error))
        {
            tally.Notes.Add($"role definitions were read from v1.0, which has no isPrivileged, because beta refused the read ({GraphErrors.UnavailableReason(error)}); privilege was decided from Microsoft's published role and permission lists");
            read = await ReadDefinitionsAsync(context, onBeta: false, cancellationToken);
        }

        var definitions = context.Buffer<RoleDefinitionRecord>();
        var definitionCopies = new FirstCopies<string>(tally, "a role definition");
        var privilegedRoles = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var unknownRoles = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var definition in read)
        {
            context.Presence("directoryRoles").Observe(definition);
            if (string.IsNullOrEmpty(definition.Id))
            {
                tally.Skip("a role definition without an id");
                continue;
            }

            if (!definitionCopies.Admit(definition.Id))
            {
                continue;
            }

            var (privileged, source) = Privilege(definition);
            if (privileged)
            {
                privilegedRoles.Add(definition.Id);
            }

            var record = new RoleDefinitionRecord
            {
                TenantId = context.TenantId,
                ScanId = context.ScanId,
                RoleDefinitionId = definition.Id,
                DisplayName = GraphMapping.Name(definition.DisplayName),
                IsBuiltIn = definition.IsBuiltIn ?? false,
                IsPrivileged = privileged,
                PrivilegeSource = source,
                TemplateId = definition.TemplateId,
            };
            if (source == RolePrivilegeSource.Unknown)
            {
                unknownRoles[definition.Id] = record.DisplayName;
            }

            await definitions.AddAsync(record, cancellationToken);
        }

        await definitions.FlushAsync(cancellationToken);

        var assignments = context.Buffer<RoleAssignmentRecord>();
        var assignmentCopies = new FirstCopies<string>(tally, "a role assignment");
        var privilegedGroups = new SortedDictionary<Guid, string?>();
        var assignedUnknown = new SortedSet<string>(StringComparer.Ordinal);
        var assignedUnlisted = new SortedSet<string>(StringComparer.Ordinal);
        await GraphPaging.ReadAllAsync(
            context.Graph,
            ct => context.Graph.RoleManagement.Directory.RoleAssignments.GetAsync(r => { r.QueryParameters.Select = AssignmentSelect; r.QueryParameters.Expand = PrincipalExpand; }, ct),
            (link, ct) => context.Graph.RoleManagement.Directory.RoleAssignments.WithUrl(link).GetAsync(cancellationToken: ct),
            page => page.OdataNextLink,
            async (page, ct) =>
            {
                foreach (var assignment in page.Value ?? [])
                {
                    context.Presence("directoryRoles").Observe(assignment);
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
                    if (unknownRoles.TryGetValue(assignment.RoleDefinitionId, out var unknown))
                    {
                        // A role held by someone that no source could judge.
                        assignedUnknown.Add(unknown);
                    }
                    else if (!definitionCopies.Seen(assignment.RoleDefinitionId))
                    {
                        // A role held by someone that the definitions did not list at all: the rules could not even name it.
                        assignedUnlisted.Add(assignment.RoleDefinitionId);
                    }

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
        return new CollectionOutcome(Name, tally.Kept, null, tally.Warnings(), ViaDelta: false)
        {
            UnavailableParts = assignedUnknown.Count + assignedUnlisted.Count == 0
                ? new Dictionary<string, string>()
                : new Dictionary<string, string> { [IsPrivilegedPart] = UnknownPrivilegeReason(assignedUnknown, assignedUnlisted) },
        };
    }

    /// <summary>
    /// Why privilege cannot be judged: the assigned roles no source answered for, by name, and the role ids that
    /// assignments name but the definitions Graph returned did not include.
    /// </summary>
    internal static string UnknownPrivilegeReason(IReadOnlyCollection<string> roles, IReadOnlyCollection<string> unlisted)
        => string.Join("; ", new[]
        {
            roles.Count == 0 ? null : UnknownPrivilegeReason(roles),
            unlisted.Count == 0 ? null : $"role assignments name {string.Join(", ", unlisted)}, which the role definitions Graph returned do not include",
        }.OfType<string>());

    private static string UnknownPrivilegeReason(IReadOnlyCollection<string> roles)
        => $"no source says whether {string.Join(", ", roles)} {(roles.Count == 1 ? "is" : "are")} privileged (Graph gave no isPrivileged, Microsoft's published built-in role list does not name {(roles.Count == 1 ? "it" : "them")}, and Graph returned no role permissions to judge)";

    /// <summary>Beta refuses where v1.0 may still answer: 400 (the property or segment unknown there), 403, 404.</summary>
    private static bool IsBetaRefusal(Exception error)
        => error is ApiException { ResponseStatusCode: (int)HttpStatusCode.BadRequest or (int)HttpStatusCode.Forbidden or (int)HttpStatusCode.NotFound };

    /// <summary>
    /// Graph's flag when it gave one; else Microsoft's published label for a listed built-in role (by template id);
    /// else the role's own permissions against the actions Microsoft labels privileged; else unknown.
    /// </summary>
    internal static (bool Privileged, RolePrivilegeSource Source) Privilege(UnifiedRoleDefinition definition)
    {
        if (definition.AdditionalData?.TryGetValue("isPrivileged", out var flag) == true && Flag(flag) is { } fromGraph)
        {
            return (fromGraph, RolePrivilegeSource.GraphFlag);
        }

        if (EntraRolePrivilege.BuiltInRole(definition.TemplateId ?? definition.Id) is { } listed)
        {
            return (listed.IsPrivileged, RolePrivilegeSource.PublishedList);
        }

        var actions = (definition.RolePermissions ?? []).SelectMany(p => p.AllowedResourceActions ?? []).ToList();
        if (actions.Count > 0)
        {
            return (EntraRolePrivilege.PrivilegedActionIn(actions) is not null, RolePrivilegeSource.PrivilegedPermissions);
        }

        return (false, RolePrivilegeSource.Unknown);
    }

    private static bool? Flag(object? value) => value switch
    {
        bool flag => flag,
        UntypedBoolean flag => flag.GetValue(),
        _ => null,
    };

    private static async Task<List<UnifiedRoleDefinition>> ReadDefinitionsAsync(ScanCollectionContext context, bool onBeta, CancellationToken cancellationToken)
    {
        var read = new List<UnifiedRoleDefinition>();
        var definitions = context.Graph.RoleManagement.Directory.RoleDefinitions;

        // isPrivileged is documented on beta only; on beta the next links stay there too.
        var first = onBeta
            ? GraphVersions.Beta(definitions.ToGetRequestInformation(r => r.QueryParameters.Select = DefinitionSelect).URI)
            : definitions.ToGetRequestInformation(r => r.QueryParameters.Select = DefinitionSelectV1).URI.AbsoluteUri;
        await GraphPaging.ReadAllAsync(
            context.Graph,
            ct => definitions.WithUrl(first).GetAsync(cancellationToken: ct),
            (link, ct) => definitions.WithUrl(link).GetAsync(cancellationToken: ct),
            page => page.OdataNextLink,
            (page, _) =>
            {
                read.AddRange(page.Value ?? []);
                return Task.CompletedTask;
            },
            cancellationToken);
        return read;
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

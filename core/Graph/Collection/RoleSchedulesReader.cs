using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Graph.Collection;

/// <summary>
/// Privileged Identity Management for directory roles (fills <see cref="RoleScheduleRecord"/>): the
/// eligible schedules (<c>roleEligibilitySchedules</c>) and the active assignment instances
/// (<c>roleAssignmentScheduleInstances</c>), whose <c>assignmentType</c> tells a standing assignment
/// (<c>Assigned</c>) from one activated through PIM (<c>Activated</c>) and whose <c>endDateTime</c> is
/// null when it never ends. Graph answers these only for tenants with Microsoft Entra ID P2 (or
/// Governance); without it the collection is unavailable, with Graph's reason, and the rules that
/// need it are not evaluated. Both are read with the <c>RoleManagement.Read.Directory</c> scope.
/// </summary>
internal sealed class RoleSchedulesReader : CollectionReader
{
    // The documented list operations support $select and $filter, not $top: pages come at Graph's default size.
    internal static readonly string[] EligibilitySelect = ["id", "principalId", "roleDefinitionId", "directoryScopeId", "memberType", "scheduleInfo"];
    internal static readonly string[] InstanceSelect = ["id", "principalId", "roleDefinitionId", "directoryScopeId", "assignmentType", "memberType", "startDateTime", "endDateTime"];

    public override string Name => "roleSchedules";

    public override IReadOnlyList<GraphRead> Reads { get; } =
    [
        new(GraphRead.V1, "/roleManagement/directory/roleEligibilitySchedules", "RoleEligibilitySchedule.Read.Directory", "RoleManagement.Read.Directory", "Security Reader", "api-reference/v1.0/includes/rbac-for-apis/rbac-pim-entra-roles-apis.md (role)"),
        new(GraphRead.V1, "/roleManagement/directory/roleAssignmentScheduleInstances", "RoleAssignmentSchedule.Read.Directory", "RoleManagement.Read.Directory", "Security Reader", "api-reference/v1.0/includes/rbac-for-apis/rbac-pim-entra-roles-apis.md (role)"),
    ];

    internal override IReadOnlyList<InventoryShare> Shares { get; } = [InventoryShare.All<RoleScheduleRecord>()];

    internal override async Task<CollectionOutcome> CollectAsync(ScanCollectionContext context, CancellationToken cancellationToken)
    {
        var tally = new CollectionTally();
        var rows = context.Buffer<RoleScheduleRecord>();
        var firstCopies = new FirstCopies<(string, string)>(tally, "a role schedule");
        var directory = context.Graph.RoleManagement.Directory;

        await GraphPaging.ReadAllAsync(
            context.Graph,
            ct => directory.RoleEligibilitySchedules.GetAsync(r => r.QueryParameters.Select = EligibilitySelect, ct),
            (link, ct) => directory.RoleEligibilitySchedules.WithUrl(link).GetAsync(cancellationToken: ct),
            page => page.OdataNextLink,
            async (page, ct) =>
            {
                foreach (var schedule in page.Value ?? [])
                {
                    var expiration = schedule.ScheduleInfo?.Expiration;
                    await AddAsync(
                        RoleScheduleRecord.Eligible, schedule.Id, schedule.RoleDefinitionId, schedule.PrincipalId, schedule.DirectoryScopeId, null, schedule.MemberType,
                        schedule.ScheduleInfo?.StartDateTime, expiration?.EndDateTime, ct);
                }
            },
            cancellationToken);

        await GraphPaging.ReadAllAsync(
            context.Graph,
            ct => directory.RoleAssignmentScheduleInstances.GetAsync(r => r.QueryParameters.Select = InstanceSelect, ct),
            (link, ct) => directory.RoleAssignmentScheduleInstances.WithUrl(link).GetAsync(cancellationToken: ct),
            page => page.OdataNextLink,
            async (page, ct) =>
            {
                foreach (var instance in page.Value ?? [])
                {
                    await AddAsync(
                        RoleScheduleRecord.Active, instance.Id, instance.RoleDefinitionId, instance.PrincipalId, instance.DirectoryScopeId, instance.AssignmentType, instance.MemberType,
                        instance.StartDateTime, instance.EndDateTime, ct);
                }
            },
            cancellationToken);

        await rows.FlushAsync(cancellationToken);
        return new CollectionOutcome(Name, tally.Kept, null, tally.Warnings(), ViaDelta: false);

        async Task AddAsync(
            string kind, string? id, string? roleDefinitionId, string? principal, string? scope, string? assignmentType, string? memberType,
            DateTimeOffset? startsAt, DateTimeOffset? endsAt, CancellationToken ct)
        {
            if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(roleDefinitionId) || GraphMapping.ParseId(principal) is not { } principalId)
            {
                tally.Skip("a role schedule without a valid id, roleDefinitionId or principalId");
                return;
            }

            if (!firstCopies.Admit((kind, id)))
            {
                return;
            }

            await rows.AddAsync(
                new RoleScheduleRecord
                {
                    TenantId = context.TenantId,
                    ScanId = context.ScanId,
                    ScheduleKind = kind,
                    ScheduleId = id,
                    RoleDefinitionId = roleDefinitionId,
                    PrincipalId = principalId,
                    DirectoryScopeId = scope ?? "/",
                    AssignmentType = assignmentType,
                    MemberType = memberType,
                    StartsAt = startsAt,
                    EndsAt = endsAt,
                },
                ct);
            tally.Kept++;
        }
    }
}

using IdentityOps.Core.Inventory;
using Microsoft.Graph;
using Microsoft.Graph.Models;

namespace IdentityOps.Core.Graph.Collection;

/// <summary>
/// The tenant's domains, one <see cref="TenantPolicyRecord"/> of kind <c>domain</c> each (issue 19 C): whether it is verified
/// and default, managed or federated, and how long its users' passwords stay valid (<c>passwordValidityPeriodInDays</c>;
/// 2147483647 is "never expire", Microsoft's default since 2021). Directory.Read.All, which IdentityOps holds, grants the
/// least scope Domain.Read.All (api-reference/v1.0/api/domain-list.md).
/// </summary>
internal sealed class DomainsReader : CollectionReader
{
    public const string Kind = "domain";

    internal static readonly string[] Select = ["id", "isVerified", "isDefault", "authenticationType", "passwordValidityPeriodInDays"];

    public override string Name => "domains";

    public override IReadOnlyList<GraphRead> Reads { get; } =
        [new(GraphRead.V1, "/domains?$select=id,isVerified,isDefault,authenticationType,passwordValidityPeriodInDays", "Domain.Read.All", "Directory.Read.All", "Directory Readers", GraphRead.Documented("domain-list"))];

    internal override IReadOnlyList<InventoryShare> Shares => [InventoryShare.Policies(Kind)];

    internal override async Task<CollectionOutcome> CollectAsync(ScanCollectionContext context, CancellationToken cancellationToken)
    {
        var tally = new CollectionTally();
        var rows = context.Buffer<TenantPolicyRecord>();
        var firstCopies = new FirstCopies<string>(tally, "a domain");
        await GraphPaging.ReadAllAsync(
            context.Graph,
            ct => context.Graph.Domains.GetAsync(r => r.QueryParameters.Select = Select, ct),
            (link, ct) => context.Graph.Domains.WithUrl(link).GetAsync(cancellationToken: ct),
            page => page.OdataNextLink,
            async (page, ct) =>
            {
                foreach (var domain in page.Value ?? [])
                {
                    if (string.IsNullOrEmpty(domain.Id))
                    {
                        tally.Skip("a domain without a name");
                        continue;
                    }

                    if (!firstCopies.Admit(domain.Id))
                    {
                        continue;
                    }

                    await rows.AddAsync(
                        new TenantPolicyRecord
                        {
                            TenantId = context.TenantId,
                            ScanId = context.ScanId,
                            Kind = Kind,
                            PolicyId = domain.Id,
                            DisplayName = domain.Id,
                            State = domain.IsVerified == true ? "verified" : "unverified",
                            Settings = GraphMapping.Json(new
                            {
                                isVerified = domain.IsVerified,
                                isDefault = domain.IsDefault,
                                authenticationType = domain.AuthenticationType,
                                passwordValidityPeriodInDays = domain.PasswordValidityPeriodInDays,
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
/// The tenant-wide directory settings (v1.0 <c>/groupSettings</c>), one <see cref="TenantPolicyRecord"/> of kind
/// <c>directorySettings</c> per settings object (issue 19 C): its template id and its values by name, as Graph gives them
/// (strings: <c>"true"</c>, <c>"10"</c>, <c>"Enforce"</c>). A setting the tenant never created is absent and its template's
/// default applies: the rules know those defaults. Directory.Read.All grants the least scope GroupSettings.Read.All.
/// </summary>
internal sealed class DirectorySettingsReader : CollectionReader
{
    public const string Kind = "directorySettings";

    public override string Name => Kind;

    public override IReadOnlyList<GraphRead> Reads { get; } =
        [new(GraphRead.V1, "/groupSettings", "GroupSettings.Read.All", "Directory.Read.All", "Directory Readers", "api-reference/v1.0/api/group-list-settings.md (List tenant-wide settings)")];

    internal override IReadOnlyList<InventoryShare> Shares => [InventoryShare.Policies(Kind)];

    internal override async Task<CollectionOutcome> CollectAsync(ScanCollectionContext context, CancellationToken cancellationToken)
    {
        var tally = new CollectionTally();
        var rows = context.Buffer<TenantPolicyRecord>();
        var firstCopies = new FirstCopies<string>(tally, "a directory setting");
        await GraphPaging.ReadAllAsync(
            context.Graph,
            ct => context.Graph.GroupSettings.GetAsync(cancellationToken: ct),
            (link, ct) => context.Graph.GroupSettings.WithUrl(link).GetAsync(cancellationToken: ct),
            page => page.OdataNextLink,
            async (page, ct) =>
            {
                foreach (var setting in page.Value ?? [])
                {
                    if (string.IsNullOrEmpty(setting.Id) || string.IsNullOrEmpty(setting.TemplateId))
                    {
                        tally.Skip("a directory setting without an id or template id");
                        continue;
                    }

                    if (!firstCopies.Admit(setting.Id))
                    {
                        continue;
                    }

                    var values = new SortedDictionary<string, string?>(StringComparer.Ordinal);
                    foreach (var value in setting.Values ?? [])
                    {
                        if (!string.IsNullOrEmpty(value.Name))
                        {
                            values[value.Name] = value.Value;
                        }
                    }

                    await rows.AddAsync(
                        new TenantPolicyRecord
                        {
                            TenantId = context.TenantId,
                            ScanId = context.ScanId,
                            Kind = Kind,
                            PolicyId = setting.Id,
                            DisplayName = setting.DisplayName,
                            Settings = GraphMapping.Json(new { templateId = setting.TemplateId, values }),
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
/// Privileged Identity Management's settings for each directory role (<see cref="TenantPolicyRecord"/> of kind
/// <c>roleManagementPolicy</c>, its policy id the role definition's id), issue 19 C: whether activation needs approval,
/// MFA and a justification, how long it may last, and who is e-mailed on assignment, eligibility and activation. PIM needs
/// Microsoft Entra ID P2: when Graph refuses for want of it (AadPremiumLicenseRequired) the collection is unavailable; when
/// it answers anyway (the policies exist in every tenant, applied by nothing), the rules read the organization's plans and
/// are not evaluated without P2 (PimRoleSettings), so no extra request is made here. RoleManagement.Read.Directory, which
/// IdentityOps holds, is a documented permission of the request (least: RoleManagementPolicy.Read.Directory).
/// </summary>
internal sealed class RoleManagementPoliciesReader : CollectionReader
{
    public const string Kind = "roleManagementPolicy";

    private const string DirectoryRoles = "scopeId eq '/' and scopeType eq 'DirectoryRole'";

    public override string Name => "roleManagementPolicies";

    public override IReadOnlyList<GraphRead> Reads { get; } =
    [
        new(GraphRead.V1, "/policies/roleManagementPolicyAssignments?$filter=scopeId eq '/' and scopeType eq 'DirectoryRole'&$expand=policy($expand=rules)", "RoleManagementPolicy.Read.Directory", "RoleManagement.Read.Directory", "Security Reader", "api-reference/v1.0/api/policyroot-list-rolemanagementpolicyassignments.md (For PIM for Microsoft Entra roles)"),
    ];

    internal override IReadOnlyList<InventoryShare> Shares => [InventoryShare.Policies(Kind)];

    internal override async Task<CollectionOutcome> CollectAsync(ScanCollectionContext context, CancellationToken cancellationToken)
    {
        var tally = new CollectionTally();
        var rows = context.Buffer<TenantPolicyRecord>();
        var firstCopies = new FirstCopies<string>(tally, "a role management policy assignment");
        var assignments = context.Graph.Policies.RoleManagementPolicyAssignments;
        await GraphPaging.ReadAllAsync(
            context.Graph,
            ct => assignments.GetAsync(r => { r.QueryParameters.Filter = DirectoryRoles; r.QueryParameters.Expand = ["policy($expand=rules)"]; }, ct),
            (link, ct) => assignments.WithUrl(link).GetAsync(cancellationToken: ct),
            page => page.OdataNextLink,
            async (page, ct) =>
            {
                foreach (var assignment in page.Value ?? [])
                {
                    if (string.IsNullOrEmpty(assignment.RoleDefinitionId) || assignment.Policy?.Rules is null)
                    {
                        tally.Skip("a role management policy assignment without a role or rules");
                        continue;
                    }

                    if (!firstCopies.Admit(assignment.RoleDefinitionId))
                    {
                        continue;
                    }

                    await rows.AddAsync(
                        new TenantPolicyRecord
                        {
                            TenantId = context.TenantId,
                            ScanId = context.ScanId,
                            Kind = Kind,
                            PolicyId = assignment.RoleDefinitionId,
                            DisplayName = assignment.Policy.DisplayName,
                            Settings = Settings(assignment.PolicyId ?? assignment.Policy.Id, assignment.Policy.Rules),
                        },
                        ct);
                    tally.Kept++;
                }
            },
            cancellationToken);
        await rows.FlushAsync(cancellationToken);
        return new CollectionOutcome(Name, tally.Kept, null, tally.Warnings(), ViaDelta: false);
    }

    /// <summary>
    /// The rules the checks read, by Graph's rule ids (unifiedRoleManagementPolicyRule, "Rules for roles"): activation
    /// (<c>EndUser</c>) approval, enablement (MFA, justification) and expiration; the three notification rules to admins.
    /// Recipients are counted, not stored: they are e-mail addresses.
    /// </summary>
    private static string Settings(string? policyId, IEnumerable<UnifiedRoleManagementPolicyRule> rules)
    {
        var byId = rules.Where(r => !string.IsNullOrEmpty(r.Id)).GroupBy(r => r.Id!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        T? Rule<T>(string id) where T : UnifiedRoleManagementPolicyRule => byId.GetValueOrDefault(id) as T;
        var approval = Rule<UnifiedRoleManagementPolicyApprovalRule>("Approval_EndUser_Assignment")?.Setting;
        var enablement = Rule<UnifiedRoleManagementPolicyEnablementRule>("Enablement_EndUser_Assignment");
        var expiration = Rule<UnifiedRoleManagementPolicyExpirationRule>("Expiration_EndUser_Assignment");
        object? Notification(string id) => Rule<UnifiedRoleManagementPolicyNotificationRule>(id) is { } n
            ? new { notificationType = n.NotificationType, isDefaultRecipientsEnabled = n.IsDefaultRecipientsEnabled, additionalRecipients = n.NotificationRecipients?.Count ?? 0 }
            : null;
        return GraphMapping.Json(new
        {
            policyId,
            activationApprovalRequired = approval?.IsApprovalRequired,
            activationApprovers = approval?.ApprovalStages?.Sum(s => s.PrimaryApprovers?.Count ?? 0),
            activationEnabledRules = enablement?.EnabledRules,
            activationMaximumDuration = expiration?.MaximumDuration is { } maximum ? System.Xml.XmlConvert.ToString(maximum) : null,
            assignmentAlert = Notification("Notification_Admin_Admin_Assignment"),
            eligibilityAlert = Notification("Notification_Admin_Admin_Eligibility"),
            activationAlert = Notification("Notification_Admin_EndUser_Assignment"),
        });
    }
}

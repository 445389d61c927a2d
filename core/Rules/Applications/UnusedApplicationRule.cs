namespace IdentityOps.Core.Rules.Applications;

/// <summary>
/// An app registration older than the unused threshold with no sign-in to it in the collected sign-in
/// log: its credentials and permissions are risk without use. Needs the whole sign-in log of the window
/// (collection <c>applicationSignIns</c>); with only part of it the rule is not evaluated.
/// </summary>
public sealed class UnusedApplicationRule : PostureRule
{
    public const string RequiredLog = "applicationSignIns";

    public override RuleDefinition Definition { get; } = new(
        "app-unused",
        "App registration without sign-ins",
        RuleCategory.ApplicationsAndCredentials,
        Severity.Low,
        ObjectTypes.Application,
        ["applications", RequiredLog],
        ["displayName", "appId", "createdAt", "ageDays", "unusedAfterDays"],
        [FrameworkReference.Entra("Remove unused applications")]);

    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
        => inventory.Applications
            .Where(app => app.CreatedAt is { } created && (scan.AsOf - created).TotalDays > scan.Settings.UnusedAppDays && !inventory.HasSignInsTo(app.AppId))
            .Select(app => new RuleHit(app.ObjectId.ToString(), app.DisplayName, new Evidence
            {
                { "displayName", app.DisplayName },
                { "appId", app.AppId },
                { "createdAt", app.CreatedAt },
                { "ageDays", (long)(scan.AsOf - app.CreatedAt!.Value).TotalDays },
                { "unusedAfterDays", scan.Settings.UnusedAppDays },
            }));

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => inventory.Applications.Count;
}

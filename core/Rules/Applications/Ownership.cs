using IdentityOps.Core.Inventory;

namespace IdentityOps.Core.Rules.Applications;

/// <summary>Who owns an app registration (or a service principal), resolved against the users collected in the same scan.</summary>
internal static class Ownership
{
    public static IReadOnlyList<(OwnerRecord Owner, UserRecord? User)> OwnersOf(TenantInventory inventory, ApplicationRecord app) => OwnersOf(inventory, app.ObjectId);

    /// <summary>The owners of an app registration or service principal (by its object id), each with its user if it is one.</summary>
    public static IReadOnlyList<(OwnerRecord Owner, UserRecord? User)> OwnersOf(TenantInventory inventory, Guid ownedObjectId)
        => inventory.OwnersOf(ownedObjectId)
            .OrderBy(o => o.OwnerObjectId)
            .Select(o => (o, inventory.User(o.OwnerObjectId)))
            .ToList();

    public static RuleHit Hit(ApplicationRecord app, IEnumerable<(OwnerRecord Owner, UserRecord? User)> owners, params ScoreSignal[] signals)
    {
        var list = owners.ToList();
        return new RuleHit(app.ObjectId.ToString(), app.DisplayName, new Evidence
        {
            { "displayName", app.DisplayName },
            { "appId", app.AppId },
            { "ownerNames", list.Select(o => o.User?.DisplayName ?? o.Owner.OwnerDisplayName ?? o.Owner.OwnerObjectId.ToString()) },
            { "ownerIds", list.Select(o => o.Owner.OwnerObjectId.ToString()) },
        }, signals);
    }

    public static readonly string[] EvidenceFields = ["displayName", "appId", "ownerNames", "ownerIds"];
}

/// <summary>A rule about an app's owners: a finding per app whose owners match, naming those owners.</summary>
public abstract class OwnershipRule : PostureRule
{
    public override IEnumerable<RuleHit> Evaluate(TenantInventory inventory, ScanFacts scan)
        => inventory.Applications
            .Select(app => (app, owners: Ownership.OwnersOf(inventory, app).Where(o => Matches(o.Owner, o.User)).ToList()))
            .Where(m => m.owners.Count > 0)
            .Select(m => Ownership.Hit(m.app, m.owners));

    public override int CountEvaluated(TenantInventory inventory, ScanFacts scan) => inventory.Applications.Count;

    protected abstract bool Matches(OwnerRecord owner, UserRecord? user);
}

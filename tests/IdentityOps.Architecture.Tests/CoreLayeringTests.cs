using System.Text.RegularExpressions;
using ArchUnitNET.Domain;
using ArchUnitNET.Domain.Extensions;
using ArchUnitNET.Fluent.Conditions;
using ArchUnitNET.xUnit;
using static ArchUnitNET.Fluent.ArchRuleDefinition;
using static IdentityOps.Architecture.Tests.ProductArchitecture;

namespace IdentityOps.Architecture.Tests;

/// <summary>
/// The layers inside IdentityOps.Core: Tenancy at the bottom, then Inventory, then Rules and Graph, then the
/// capabilities that orchestrate them (Scanning, Findings, Reports, Alerts, Lifecycle, Trust, Audit, Identity).
/// Arrows only point down; Persistence implements the ports the others own.
/// </summary>
public sealed partial class CoreLayeringTests
{
    /// <summary>The capabilities that orchestrate Rules and Graph; neither of those may know any of them.</summary>
    private static readonly string[] AboveRules =
    [
        "IdentityOps.Core.Findings", "IdentityOps.Core.Scanning", "IdentityOps.Core.Reports", "IdentityOps.Core.Alerts",
        "IdentityOps.Core.Lifecycle", "IdentityOps.Core.Trust", "IdentityOps.Core.Audit", "IdentityOps.Core.Identity",
    ];

    [Fact]
    public void Rules_are_pure_and_see_neither_the_database_nor_the_clock_nor_the_layers_above_them()
    {
        var rules = Types().That().ResideInNamespaceMatching(AtOrBelow("IdentityOps.Core.Rules")).As("Rules");
        var higherLayers = Types().That().ResideInNamespaceMatching(AtOrBelow(AboveRules)).As("the layers above Rules");
        var clock = Types(true).That().HaveFullName("System.TimeProvider").As("TimeProvider");
        var graph = Types(true).That().ResideInNamespaceMatching(AtOrBelow("IdentityOps.Core.Graph", "Microsoft.Graph", "Microsoft.Kiota"))
            .As("Graph collection and the Graph SDK");

        rules.Should().NotDependOnAny(EfCore)
            .AndShould().NotDependOnAny(NpgsqlApi)
            .AndShould().NotDependOnAny(PersistenceTypes)
            .AndShould().NotDependOnAny(clock)
            .AndShould().NotDependOnAny(higherLayers)
            .AndShould().NotDependOnAny(graph)
            .AndShould().FollowCustomCondition(NotReadTheWallClock, "not read DateTime.Now/UtcNow/Today or DateTimeOffset.Now/UtcNow")
            .Because("a rule is a pure function of the inventory and the scan facts (the scan time is in ScanFacts): "
                + "it runs the same on a live scan, a snapshot and a test, and a rule that queried the database or the "
                + "clock would give a different answer for the same scan; it reads our inventory records, never Graph's model")
            .Check(Product);
    }

    [Fact]
    public void Graph_only_produces_data_and_never_reaches_the_database_or_the_evaluation()
    {
        var graph = Types().That().ResideInNamespaceMatching(AtOrBelow("IdentityOps.Core.Graph")).As("Graph");
        var evaluation = Types().That().ResideInNamespaceMatching(AtOrBelow(["IdentityOps.Core.Rules", .. AboveRules]))
            .As("Rules and the layers above (Findings, Scanning, Reports, Alerts, Lifecycle, Trust, Audit, Identity)");

        graph.Should().NotDependOnAny(EfCore)
            .AndShould().NotDependOnAny(NpgsqlApi)
            .AndShould().NotDependOnAny(PersistenceTypes)
            .AndShould().NotDependOnAny(evaluation)
            .Because("collection is read-only and comes first: Graph fills inventory records and hands them to a sink port it owns "
                + "(Persistence implements it), so collection can be tested against the emulator without a database and "
                + "evaluation never runs in the middle of a scan")
            .Check(Product);
    }

    /// <summary>
    /// Scoped to the namespaces that hold the inventory itself (the records, <c>Scan</c>, <c>TenantInventory</c>,
    /// <c>DeltaLink</c>) and its reference data (<c>Inventory.Reference</c>, the permission tiers Graph and Rules both
    /// read). <c>Inventory.GetApplicationDetail</c> is a query use case that joins inventory with findings through the
    /// DbContext: it sits above Findings although it shares the capability's folder, so it is not part of the bottom.
    /// The capability's registration (<c>AddInventoryQueries</c>) names that query and is left out for the same reason.
    /// </summary>
    [Fact]
    public void Inventory_is_the_bottom_and_uses_nothing_in_core_but_Tenancy()
    {
        var inventory = Types().That().ResideInNamespaceMatching(@"^IdentityOps\.Core\.Inventory(\.Reference)?$")
            .And().DoNotHaveNameEndingWith("ServiceCollectionExtensions")
            .As("the inventory records, Scan, TenantInventory and Inventory.Reference");
        var restOfCore = Types().That().ResideInAssembly(Require(CoreAssembly))
            .And().DoNotResideInNamespace("IdentityOps.Core.Inventory")
            .And().DoNotResideInNamespace("IdentityOps.Core.Inventory.Reference")
            .And().DoNotResideInNamespace("IdentityOps.Core.Tenancy")
            .As("anything in IdentityOps.Core outside Inventory, Inventory.Reference and Tenancy");

        inventory.Should().NotDependOnAny(restOfCore)
            .AndShould().NotDependOnAny(EfCore)
            .AndShould().NotDependOnAny(NpgsqlApi)
            .Because("everything else reads the inventory (Graph writes it, Rules evaluate it, Persistence maps it, Reports show it): "
                + "if it pointed back up at any of them, every capability would be in one loop with every other again")
            .Check(Product);
    }

    /// <summary>
    /// The entities are selected by what they are, not by where they sit: every type a DbContext maps (a <c>DbSet</c>
    /// property) and every <c>ITenantOwned</c> type. The capabilities' root namespaces are no good proxy: besides the
    /// entities they hold each capability's <c>Add…</c> registration (which must name Persistence's services) and a few
    /// services (<c>TenantAuditTrail</c>, <c>PurgeDueTenantsCommand</c>, <c>RowLevelSecurityStatusQuery</c>), while
    /// several entities live one folder down beside their use case (<c>Alerts.Outbox.AlertDelivery</c>,
    /// <c>Audit.Anchors.AuditAnchor</c>, <c>Lifecycle.DeleteTenantNow.TenantDeletionConfirmation</c>).
    /// </summary>
    [Fact]
    public void Entities_do_not_depend_on_Persistence_EF_Core_or_Npgsql()
    {
        var entityTypes = EntityTypes();
        Assert.True(entityTypes.Count > 20, $"only {entityTypes.Count} entity types found: the DbContext scan is broken");
        var entities = Types().That().Are(entityTypes).As("the entities (DbContext-mapped or ITenantOwned)");

        entities.Should().NotDependOnAny(PersistenceTypes)
            .AndShould().NotDependOnAny(EfCore)
            .AndShould().NotDependOnAny(NpgsqlApi)
            .Because("entities belong to their capability and are plain classes: Persistence maps them in one model "
                + "(IdentityOpsModel), so the capabilities below Persistence can own them without a cycle through the DbContext")
            .Check(Product);
    }

    /// <summary>Every <c>DbSet&lt;T&gt;</c> element type of every DbContext in core, and every class that is <c>ITenantOwned</c>.</summary>
    private static List<System.Type> EntityTypes()
    {
        var types = Require(CoreAssembly).GetTypes();
        var mapped = types
            .Where(t => !t.IsAbstract && IsDbContext(t))
            .SelectMany(t => t.GetProperties())
            .Select(p => p.PropertyType)
            .Where(t => t.IsGenericType && t.GetGenericTypeDefinition().FullName == "Microsoft.EntityFrameworkCore.DbSet`1")
            .Select(t => t.GetGenericArguments()[0]);
        var tenantOwned = types.Where(t => t.IsClass && t.GetInterfaces().Any(i => i.Name == "ITenantOwned"));
        return [.. mapped.Union(tenantOwned)];
    }

    private static bool IsDbContext(System.Type type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (t.FullName == "Microsoft.EntityFrameworkCore.DbContext")
            {
                return true;
            }
        }

        return false;
    }

    private static ConditionResult NotReadTheWallClock(IType type)
    {
        var reads = type.GetCalledMethods()
            .Where(m => m.DeclaringType.FullName is "System.DateTime" or "System.DateTimeOffset" && ClockGetter().IsMatch(m.Name))
            .Select(m => $"{m.DeclaringType.Name}.{m.Name}")
            .Distinct()
            .ToList();
        return new ConditionResult(type, reads.Count == 0, $"calls {string.Join(", ", reads)}");
    }

    [GeneratedRegex(@"^get_(Now|UtcNow|Today)\b")]
    private static partial Regex ClockGetter();
}

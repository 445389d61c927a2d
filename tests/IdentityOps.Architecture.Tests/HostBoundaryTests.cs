using System.Xml.Linq;
using ArchUnitNET.xUnit;
using static ArchUnitNET.Fluent.ArchRuleDefinition;
using static IdentityOps.Architecture.Tests.ProductArchitecture;

namespace IdentityOps.Architecture.Tests;

/// <summary>
/// The boundaries between assemblies: core below the hosts (web, functions, cli), the emulator outside the product,
/// Npgsql inside Persistence.
/// </summary>
public sealed class HostBoundaryTests
{
    [Fact]
    public void The_architecture_loads_every_product_assembly()
    {
        Assert.True(
            MissingAssemblies.Count == 0,
            "every rule here is only as good as the assemblies it reads; missing: "
                + string.Join("; ", MissingAssemblies.Select(m => $"{m.Key} ({m.Value})")));
    }

    [Fact]
    public void Core_depends_on_none_of_the_hosts_nor_on_the_emulator()
    {
        RequireAll(WebAssembly, FunctionsAssembly, CliAssembly, EmulatorAssembly);
        var hosts = Types().That().ResideInNamespaceMatching(AtOrBelow("IdentityOps.Web", "IdentityOps.Functions", "IdentityOps.Cli"))
            .As("the hosts (web, functions, cli)");

        Types().That().ResideInAssembly(Require(CoreAssembly)).And().DoNotResideInNamespaceMatching(EmulatorNamespaces)
            .Should().NotDependOnAny(hosts)
            .AndShould().NotDependOnAny(EmulatorTypes)
            .Because("core is the product every host composes; a core type that knew a host would drag that host (and its "
                + "configuration) into the others, and one that knew the emulator would ship a fake Graph to production")
            .Check(Product);

        var references = Require(CoreAssembly).GetReferencedAssemblies().Select(a => a.Name).ToList();
        var forbidden = references.Where(n => n is WebAssembly or FunctionsAssembly or CliAssembly or EmulatorAssembly).ToList();
        Assert.True(forbidden.Count == 0, $"IdentityOps.Core references {string.Join(", ", forbidden)}: core must not reference a host or the emulator");
    }

    [Fact]
    public void The_emulator_does_not_ship_inside_the_core_assembly()
    {
        Require(EmulatorAssembly);

        Types().That().ResideInAssembly(Require(CoreAssembly)).And().ResideInNamespaceMatching(EmulatorNamespaces)
            .Should().NotExist()
            .Because("the Graph emulator and the synthetic tenant are for the demo, snapshot scans and tests: "
                + "they live in IdentityOps.Emulator so the production hosts cannot load them by accident")
            .WithoutRequiringPositiveResults()
            .Check(Product);
    }

    [Fact]
    public void Functions_neither_references_the_emulator_nor_uses_its_types()
    {
        var functions = Require(FunctionsAssembly);
        Require(EmulatorAssembly);

        Types().That().ResideInAssembly(functions)
            .Should().NotDependOnAny(EmulatorTypes)
            .Because("the Functions worker is the production scanner: it must only ever talk to the real Microsoft Graph")
            .Check(Product);

        Assert.DoesNotContain(EmulatorAssembly, functions.GetReferencedAssemblies().Select(a => a.Name));

        // The compiler drops a reference nothing uses, yet the project reference would still copy the emulator
        // into the Functions output; so the project file is read as well.
        var project = XDocument.Load(Path.Combine(RepositoryRoot.FullName, "functions", "IdentityOps.Functions.csproj"));
        var emulatorReferences = project.Descendants("ProjectReference")
            .Select(r => (string?)r.Attribute("Include") ?? "")
            .Where(path => path.Contains("Emulator", StringComparison.OrdinalIgnoreCase))
            .ToList();
        Assert.True(emulatorReferences.Count == 0, $"functions/IdentityOps.Functions.csproj references {string.Join(", ", emulatorReferences)}");
    }

    [Fact]
    public void Nothing_outside_Persistence_uses_Npgsql()
    {
        Types().That().ResideInAssembly(Require(CoreAssembly), Require(WebAssembly), Require(FunctionsAssembly), Require(CliAssembly), Require(EmulatorAssembly))
            .And().DoNotResideInNamespaceMatching(AtOrBelow("IdentityOps.Core.Persistence"))
            .Should().NotDependOnAny(NpgsqlApi)
            .Because("the connection, the tenant's set_config and row-level security are set up in one place "
                + "(IdentityOps.Core.Persistence); a raw NpgsqlConnection elsewhere can bypass the tenant unit of work")
            .Check(Product);
    }
}

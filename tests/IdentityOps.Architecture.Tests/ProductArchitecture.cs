using System.Reflection;
using System.Text.RegularExpressions;
using ArchUnitNET.Domain;
using ArchUnitNET.Loader;
using Assembly = System.Reflection.Assembly;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace IdentityOps.Architecture.Tests;

/// <summary>
/// The product's assemblies, loaded once for every rule (reading them with Cecil takes seconds), and the
/// namespace sets the rules name. Assemblies are loaded by name, not by <c>typeof</c>, so a host that does not
/// exist yet on a branch still compiles here; a missing one is recorded and every rule that needs it fails.
/// </summary>
internal static class ProductArchitecture
{
    public const string CoreAssembly = "IdentityOps.Core";
    public const string FunctionsAssembly = "IdentityOps.Functions";
    public const string WebAssembly = "IdentityOps.Web";
    public const string CliAssembly = "IdentityOps.Cli";
    public const string EmulatorAssembly = "IdentityOps.Emulator";

    /// <summary>Every product assembly: the library, the emulator project and the three hosts.</summary>
    public static readonly IReadOnlyList<string> ExpectedAssemblies = [CoreAssembly, EmulatorAssembly, FunctionsAssembly, WebAssembly, CliAssembly];

    private static readonly Lazy<(IReadOnlyDictionary<string, Assembly> Loaded, IReadOnlyDictionary<string, string> Missing)> Assemblies = new(LoadAssemblies);

    private static readonly Lazy<ArchUnitNET.Domain.Architecture> Loaded = new(
        () => new ArchLoader().LoadAssemblies([.. Assemblies.Value.Loaded.Values]).Build());

    /// <summary>The product as ArchUnitNET sees it: the expected assemblies that could be loaded, built once per test run.</summary>
    public static ArchUnitNET.Domain.Architecture Product => Loaded.Value;

    /// <summary>Expected assemblies that could not be loaded, with the reason.</summary>
    public static IReadOnlyDictionary<string, string> MissingAssemblies => Assemblies.Value.Missing;

    /// <summary>
    /// The loaded assembly; fails the calling test when it is missing. A rule about an assembly that is not
    /// loaded would check nothing and pass, which is the one outcome an architecture test must never have.
    /// </summary>
    public static Assembly Require(string name)
    {
        if (Assemblies.Value.Loaded.TryGetValue(name, out var assembly))
        {
            return assembly;
        }

        Assert.Fail($"{name} is not loaded, so the rules about it would pass without checking anything: {Assemblies.Value.Missing[name]}");
        return null!;
    }

    /// <summary>Fails the calling test unless every named assembly is loaded.</summary>
    public static void RequireAll(params string[] names)
    {
        foreach (var name in names)
        {
            Require(name);
        }
    }

    /// <summary>A pattern for a namespace and everything below it, for <c>ResideInNamespaceMatching</c>.</summary>
    public static string AtOrBelow(params string[] namespaces)
        => $"^({string.Join('|', namespaces.Select(Regex.Escape))})(\\..+)?$";

    /// <summary>EF Core, its relational layer and every provider package under its name.</summary>
    public static IObjectProvider<IType> EfCore { get; } =
        Types(true).That().ResideInNamespaceMatching(AtOrBelow("Microsoft.EntityFrameworkCore"))
            .Or().ResideInAssemblyMatching(@"^Microsoft\.EntityFrameworkCore")
            .As("EF Core");

    /// <summary>
    /// Npgsql by namespace and by assembly: the provider's extension methods (<c>UseNpgsql</c>) live in the
    /// <c>Microsoft.EntityFrameworkCore</c> namespace but in an Npgsql assembly.
    /// </summary>
    public static IObjectProvider<IType> NpgsqlApi { get; } =
        Types(true).That().ResideInNamespaceMatching(AtOrBelow("Npgsql", "NpgsqlTypes"))
            .Or().ResideInAssemblyMatching(@"^Npgsql")
            .As("Npgsql");

    public static IObjectProvider<IType> PersistenceTypes { get; } =
        Types().That().ResideInNamespaceMatching(AtOrBelow("IdentityOps.Core.Persistence")).As("IdentityOps.Core.Persistence");

    /// <summary>
    /// The emulator's namespaces: its own project's, and the folder it lived in inside core before it moved,
    /// so that no rule about the emulator can pass while the emulator is still in the product assembly.
    /// </summary>
    public static readonly string EmulatorNamespaces = AtOrBelow("IdentityOps.Emulator", "IdentityOps.Core.Graph.Emulator");

    public static IObjectProvider<IType> EmulatorTypes { get; } =
        Types().That().ResideInNamespaceMatching(EmulatorNamespaces).As("the Graph emulator");

    /// <summary>The directory holding IdentityOps.sln, found from the test's output directory.</summary>
    public static DirectoryInfo RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "IdentityOps.sln")))
                {
                    return dir;
                }
            }

            throw new InvalidOperationException($"no IdentityOps.sln above {AppContext.BaseDirectory}");
        }
    }

    private static (IReadOnlyDictionary<string, Assembly>, IReadOnlyDictionary<string, string>) LoadAssemblies()
    {
        var loaded = new Dictionary<string, Assembly>(StringComparer.Ordinal);
        var missing = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in ExpectedAssemblies)
        {
            try
            {
                loaded[name] = Assembly.Load(new AssemblyName(name));
            }
            catch (FileNotFoundException e)
            {
                missing[name] = $"{e.Message} Reference its project from IdentityOps.Architecture.Tests.csproj.";
            }
        }

        return (loaded, missing);
    }
}

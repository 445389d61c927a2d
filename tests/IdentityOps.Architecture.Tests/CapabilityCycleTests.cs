using ArchUnitNET.Domain;

namespace IdentityOps.Architecture.Tests;

/// <summary>
/// Issue 15 found all of core's folders in one dependency loop, held together by Persistence (which maps every
/// capability's entities) and by the registrations (which name every use case). Those two are the composition
/// and the implementation of ports; with them set aside, the capabilities must form a directed acyclic graph,
/// so that each can be read, tested and changed from the bottom up.
/// </summary>
public sealed class CapabilityCycleTests
{
    private const string CorePrefix = "IdentityOps.Core.";

    [Fact]
    public void Core_capabilities_form_no_cycle_once_Persistence_and_the_registrations_are_set_aside()
    {
        ProductArchitecture.Require(ProductArchitecture.CoreAssembly);
        var edges = CapabilityEdges(ProductArchitecture.Product);
        var cycles = StronglyConnected(edges).Where(c => c.Count > 1).ToList();

        Assert.True(
            cycles.Count == 0,
            "capabilities depending on each other in a loop (with the types behind each arrow):\n"
            + string.Join("\n", cycles.Select(c => Describe(c, edges))));
    }

    /// <summary>Capability → capability → the type dependencies that make the arrow.</summary>
    internal static Dictionary<string, Dictionary<string, SortedSet<string>>> CapabilityEdges(ArchUnitNET.Domain.Architecture architecture)
    {
        var edges = new Dictionary<string, Dictionary<string, SortedSet<string>>>(StringComparer.Ordinal);
        foreach (var type in architecture.Types)
        {
            if (Capability(type) is not { } from)
            {
                continue;
            }

            foreach (var dependency in type.Dependencies)
            {
                if (Capability(dependency.Target) is { } to && to != from)
                {
                    var arrows = edges.TryGetValue(from, out var found) ? found : edges[from] = new(StringComparer.Ordinal);
                    (arrows.TryGetValue(to, out var why) ? why : arrows[to] = new(StringComparer.Ordinal))
                        .Add($"{type.FullName} -> {dependency.Target.FullName}");
                }
            }
        }

        return edges;
    }

    /// <summary>The capability (first namespace segment below IdentityOps.Core) of a core type, or null when it is set aside.</summary>
    private static string? Capability(IType? type)
    {
        if (type?.Namespace?.FullName is not { } ns)
        {
            return null;
        }

        if (!ns.StartsWith(CorePrefix, StringComparison.Ordinal) || type.Name.EndsWith("ServiceCollectionExtensions", StringComparison.Ordinal))
        {
            return null;
        }

        var capability = ns[CorePrefix.Length..].Split('.')[0];
        return capability == "Persistence" ? null : capability;
    }

    // Tarjan's algorithm: the strongly connected components of the capability graph; a component of two or more is a loop.
    private static List<List<string>> StronglyConnected(Dictionary<string, Dictionary<string, SortedSet<string>>> edges)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var components = new List<List<string>>();
        foreach (var node in edges.Keys.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(node))
            {
                Visit(node);
            }
        }

        return components;

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in edges.TryGetValue(node, out var arrows) ? arrows.Keys.ToList() : [])
            {
                if (!index.TryGetValue(next, out var visited))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next))
                {
                    low[node] = Math.Min(low[node], visited);
                }
            }

            if (low[node] == index[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);
                components.Add(component);
            }
        }
    }

    private static string Describe(List<string> component, Dictionary<string, Dictionary<string, SortedSet<string>>> edges)
        => string.Join("\n", component.Order(StringComparer.Ordinal).SelectMany(from =>
            edges[from].Where(e => component.Contains(e.Key)).Select(e => $"  {from} -> {e.Key}: {string.Join("; ", e.Value.Take(3))}")));
}

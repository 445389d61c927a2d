using System.Reflection;

namespace IdentityOps.Core.Rules.Engine;

/// <summary>
/// Every posture rule, found once by reflection over this assembly (a rule is a sealed
/// <see cref="PostureRule"/> with a parameterless constructor) and ordered by id.
/// </summary>
public sealed class RuleCatalog
{
    public RuleCatalog()
        : this(Discover())
    {
    }

    public RuleCatalog(IEnumerable<PostureRule> rules)
    {
        Rules = rules.OrderBy(r => r.Definition.Id, StringComparer.Ordinal).ToList();
        var duplicate = Rules.GroupBy(r => r.Definition.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Rule id {duplicate.Key} is used by more than one rule.");
        }
    }

    public IReadOnlyList<PostureRule> Rules { get; }

    public PostureRule? Find(string ruleId) => Rules.FirstOrDefault(r => r.Definition.Id == ruleId);

    private static IEnumerable<PostureRule> Discover()
        => typeof(RuleCatalog).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsClass: true } && t.IsSubclassOf(typeof(PostureRule)))
            .Select(t => (PostureRule)Activator.CreateInstance(t)!);
}

using System.Reflection;

namespace IdentityOps.Core.Trust.Checks;

/// <summary>
/// Finds every place a host binds input (an Azure Functions entry point's parameters, and the
/// properties of the request models they bind) and names any that could carry a tenant id. The
/// tenant comes from the signed-in principal's <c>tid</c> only; a member called <c>tenant…</c> or
/// <c>tid</c> on an input is a way around that.
/// </summary>
public static class TenantInputSurface
{
    public sealed record Inspection(int EntryPoints, int InputsInspected, IReadOnlyList<string> TenantInputs);

    /// <summary>
    /// Functions are found by their <c>[Function]</c> attribute and their routes by <c>[HttpTrigger]</c>
    /// (matched by name: core does not reference the worker SDK). JSON bodies are read inside the
    /// functions through one generic reader (<c>ReadJsonAsync&lt;T&gt;</c>); its type arguments are found
    /// in the IL of every method of the host, so a new body model is inspected without a hand list.
    /// </summary>
    public static Inspection InspectFunctions(Assembly hostAssembly)
    {
        var methods = hostAssembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .ToList();
        var entryPoints = methods.Where(m => m.GetCustomAttributes().Any(a => a.GetType().Name == "FunctionAttribute")).ToList();

        var inspected = 0;
        var offenders = new List<string>();
        foreach (var method in entryPoints)
        {
            foreach (var parameter in method.GetParameters())
            {
                inspected++;
                var where = $"{method.DeclaringType?.Name}.{method.Name}({parameter.Name})";
                if (NamesTenant(parameter.Name))
                {
                    offenders.Add(where);
                }

                foreach (var route in parameter.GetCustomAttributes().Where(a => a.GetType().Name == "HttpTriggerAttribute").Select(a => a.GetType().GetProperty("Route")?.GetValue(a) as string))
                {
                    if (route is not null && route.Split('/').Any(segment => segment.StartsWith('{') && NamesTenant(segment.Trim('{', '}', '?'))))
                    {
                        offenders.Add($"{where} route {route}");
                    }
                }
            }
        }

        foreach (var model in BodyModels(methods, hostAssembly.ManifestModule))
        {
            foreach (var (path, _) in Properties(model, model.Name, depth: 0))
            {
                inspected++;
                if (NamesTenant(path[(path.LastIndexOf('.') + 1)..]))
                {
                    offenders.Add($"body {path}");
                }
            }
        }

        return new Inspection(entryPoints.Count, inspected, offenders);
    }

    /// <summary>The type arguments of every call to a generic method named <c>ReadJsonAsync</c> in the host's IL.</summary>
    public static IReadOnlyList<Type> BodyModels(IEnumerable<MethodInfo> methods, Module module)
    {
        var models = new HashSet<Type>();
        foreach (var method in methods)
        {
            var il = method.GetMethodBody()?.GetILAsByteArray();
            if (il is null)
            {
                continue;
            }

            // Byte-wise: a call (0x28) followed by a method token. A stray 0x28 inside an operand resolves
            // to nothing or to another method and is ignored by the name check.
            for (var i = 0; i + 4 < il.Length; i++)
            {
                if (il[i] != 0x28)
                {
                    continue;
                }

                var token = BitConverter.ToInt32(il, i + 1);
                MethodBase? called;
                try
                {
                    called = module.ResolveMethod(token, method.DeclaringType?.GetGenericArguments(), method.IsGenericMethod ? method.GetGenericArguments() : null);
                }
                catch (Exception error) when (error is ArgumentException or BadImageFormatException)
                {
                    continue;
                }

                if (called is MethodInfo { IsGenericMethod: true, Name: "ReadJsonAsync" } reader)
                {
                    models.UnionWith(reader.GetGenericArguments());
                }
            }
        }

        return models.ToList();
    }

    private static IEnumerable<(string Path, Type Type)> Properties(Type type, string prefix, int depth)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var path = $"{prefix}.{property.Name}";
            yield return (path, property.PropertyType);
            var inner = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (depth < 3 && inner.IsClass && inner != typeof(string) && inner.Namespace?.StartsWith("IdentityOps", StringComparison.Ordinal) == true)
            {
                foreach (var nested in Properties(inner, path, depth + 1))
                {
                    yield return nested;
                }
            }
        }
    }

    public static bool NamesTenant(string? name)
        => name is not null
           && (name.Contains("tenant", StringComparison.OrdinalIgnoreCase)
               || string.Equals(name, "tid", StringComparison.OrdinalIgnoreCase));
}

/// <summary>No tenant id as input: the entry points of the host assemblies loaded in this process bind no tenant.</summary>
public sealed class NoTenantIdInputCheck : ITrustCheck
{
    public string ClaimId => TrustClaimIds.NoTenantIdInput;

    public Task<TrustCheckResult> EvaluateAsync(CancellationToken cancellationToken)
    {
        var hosts = AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => a.GetName().Name is "IdentityOps.Functions")
            .ToList();
        if (hosts.Count == 0)
        {
            return Task.FromResult(TrustCheckResult.NotMet("no API host (IdentityOps.Functions) in this process to inspect; its tests check every function signature"));
        }

        var inspections = hosts.Select(TenantInputSurface.InspectFunctions).ToList();
        var offenders = inspections.SelectMany(i => i.TenantInputs).ToList();
        var evidence = $"{inspections.Sum(i => i.EntryPoints)} function entry points, {inspections.Sum(i => i.InputsInspected)} bound inputs inspected";
        return Task.FromResult(offenders.Count == 0
            ? TrustCheckResult.Met($"{evidence}: none carries a tenant id; the tenant comes from the token's tid")
            : TrustCheckResult.Failing($"{evidence}: tenant ids accepted as input at {string.Join(", ", offenders)}"));
    }
}

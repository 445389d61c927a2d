using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;
using IdentityOps.Core.Persistence;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace IdentityOps.Functions.Api.Description;

/// <summary>Where the description says the API is and how to get a token for it.</summary>
/// <param name="ApiApplicationId">The API's application (client) id in Entra, or a placeholder for the published copy.</param>
/// <param name="Scope">The delegated scope every call needs (<c>Api:RequiredScope</c>).</param>
public sealed record ApiDescriptionSettings(string ApiApplicationId, string Scope)
{
    /// <summary>The copy checked into <c>docs/openapi.json</c>: placeholders an integrator replaces with the deployment's values.</summary>
    public static ApiDescriptionSettings Published { get; } = new("{api-application-id}", "{scope}");
}

/// <summary>
/// The OpenAPI 3.1 description of the HTTP API, generated from the code and never written by hand: every function
/// with an <c>[HttpTrigger]</c> is an operation (route and method from the trigger, route parameters from the
/// method's parameters), its <see cref="ApiOperationAttribute"/> says who may call it, and every body and answer schema
/// is exported from the very type the function serializes (System.Text.Json's schema exporter with the API's own
/// serializer options), so a renamed or added field changes the description with it.
/// </summary>
public static class ApiDescription
{
    public const string ProblemContentType = ApiProblems.ContentType;

    public static string Write(ApiDescriptionSettings settings) => Build(settings).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";

    /// <summary>Every HTTP function of the Functions assembly, in a stable order.</summary>
    public static IReadOnlyList<HttpFunction> Functions()
        => [.. typeof(ApiDescription).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(method => method.GetCustomAttribute<FunctionAttribute>() is not null)
            .Select(HttpFunction.Of)
            .OfType<HttpFunction>()
            .OrderBy(function => function.Route, StringComparer.Ordinal)
            .ThenBy(function => function.Method, StringComparer.Ordinal)];

    public static JsonObject Build(ApiDescriptionSettings settings)
    {
        var schemas = new SchemaRegistry();
        var paths = new JsonObject();
        foreach (var function in Functions())
        {
            var path = "/api/" + function.Route;
            if (paths[path] is not JsonObject item)
            {
                paths[path] = item = [];
            }

            item[function.Method] = Operation(function, settings, schemas);
        }

        return new JsonObject
        {
            ["openapi"] = "3.1.1",
            ["info"] = new JsonObject
            {
                ["title"] = "IdentityOps API",
                ["version"] = "1.0",
                ["description"] = Info,
            },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = "/", ["description"] = "The IdentityOps Functions app of your deployment." }),
            ["security"] = new JsonArray(new JsonObject { [SecurityScheme] = new JsonArray(ScopeName(settings)) }),
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = schemas.Components(),
                ["securitySchemes"] = new JsonObject
                {
                    [SecurityScheme] = new JsonObject
                    {
                        ["type"] = "oauth2",
                        ["description"] = "A Microsoft Entra ID access token for the IdentityOps API, delegated (a signed-in user of a tenant that onboarded IdentityOps), issued to an application IdentityOps allows.",
                        ["flows"] = new JsonObject
                        {
                            ["authorizationCode"] = new JsonObject
                            {
                                ["authorizationUrl"] = "https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize",
                                ["tokenUrl"] = "https://login.microsoftonline.com/organizations/oauth2/v2.0/token",
                                ["scopes"] = new JsonObject { [ScopeName(settings)] = "Call IdentityOps as the signed-in user (team role reader or admin)." },
                            },
                        },
                    },
                },
                ["headers"] = new JsonObject
                {
                    ["RetryAfter"] = new JsonObject
                    {
                        ["description"] = "Seconds to wait before the next request is accepted (RFC 9110 10.2.3).",
                        ["schema"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1 },
                    },
                },
            },
        };
    }

    public const string SecurityScheme = "entra";

    private static string ScopeName(ApiDescriptionSettings settings) => $"api://{settings.ApiApplicationId}/{settings.Scope}";

    private const string Info = """
        The HTTP API of IdentityOps, a read-only Microsoft Entra ID posture scanner. Every operation but the anonymous ones
        (`/api/health`, `/api/openapi.json`) needs a delegated bearer token for the API's scope; the caller's organisation is
        the token's `tid`, and **no operation takes a tenant id** (route, query or body). The team role each operation
        needs is in its description and in `x-identityops-role`.

        Errors are problem details (RFC 9457, `application/problem+json`) with a fixed `title` and `detail`; a 400 carries
        `errors` by field. Lists page with `page` (from 1) and `pageSize` (1–200, default 50) and answer `total`.

        Rate limits: each organisation and each caller (user and client application) has a budget per minute; beyond it
        the answer is 429 with `Retry-After` in seconds. Request bodies are JSON of at most 64 KB.
        """;

    private static JsonObject Operation(HttpFunction function, ApiDescriptionSettings settings, SchemaRegistry schemas)
    {
        var operation = function.Operation;
        var role = operation.Policy switch
        {
            null => "none (anonymous)",
            Policies.TenantAdmin => "admin",
            _ => "reader or admin",
        };
        var node = new JsonObject
        {
            ["operationId"] = operation.OperationId,
            ["summary"] = operation.Summary,
            ["description"] = (operation.Description is { } more ? more + "\n\n" : string.Empty) + $"Team role: {role}.",
            ["tags"] = new JsonArray(operation.Tag),
            ["x-identityops-role"] = operation.Policy ?? "anonymous",
        };

        var parameters = new JsonArray();
        foreach (var name in function.RouteParameters)
        {
            parameters.Add(new JsonObject
            {
                ["name"] = name,
                ["in"] = "path",
                ["required"] = true,
                ["schema"] = new JsonObject { ["type"] = "string", ["format"] = "uuid" },
            });
        }

        if (function.Paged)
        {
            parameters.Add(Query(new ApiQueryAttribute("page", "The page, from 1.") { Type = "integer", Minimum = 1, Default = "1" }));
            parameters.Add(Query(new ApiQueryAttribute("pageSize", $"Items per page, 1–{PageRequest.MaxSize}.") { Type = "integer", Minimum = 1, Maximum = PageRequest.MaxSize, Default = PageRequest.DefaultSize.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        }

        foreach (var query in function.Queries)
        {
            parameters.Add(Query(query));
        }

        if (parameters.Count > 0)
        {
            node["parameters"] = parameters;
        }

        if (function.Body is { } body)
        {
            node["requestBody"] = new JsonObject
            {
                ["required"] = true,
                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = schemas.Reference(body) } },
            };
        }

        var responses = new JsonObject();
        foreach (var response in function.Responses.OrderBy(r => r.Status))
        {
            responses[Status(response.Status)] = Response(response.Description, response.Status >= 400 ? ProblemContentType : response.ContentType, response.Status >= 400 ? Problem(response.Status, schemas) : response.Body is { } type ? schemas.Reference(type) : null);
        }

        if ((parameters.Count > 0 || function.Body is not null) && !responses.ContainsKey("400"))
        {
            responses["400"] = Response("The request is not valid: `errors` names each field.", ProblemContentType, schemas.Reference(typeof(ValidationProblemDetails)));
        }

        if (operation.Policy is not null)
        {
            responses["401"] = Response("No valid bearer token (`WWW-Authenticate: Bearer error=\"invalid_token\"`).", ProblemContentType, schemas.Reference(typeof(ProblemDetails)));
            responses["403"] = Response("The token lacks the scope, was issued to an application IdentityOps does not allow, or the caller's team role is not enough.", ProblemContentType, schemas.Reference(typeof(ProblemDetails)));
            var limited = Response("Too many requests from this organisation or this caller: wait `Retry-After` seconds.", ProblemContentType, schemas.Reference(typeof(ProblemDetails)));
            limited["headers"] = new JsonObject { ["Retry-After"] = new JsonObject { ["$ref"] = "#/components/headers/RetryAfter" } };
            responses["429"] = limited;
            responses["500"] = Response("The request could not be completed; nothing about the cause is disclosed.", ProblemContentType, schemas.Reference(typeof(ProblemDetails)));
        }
        else
        {
            node["security"] = new JsonArray();
        }

        node["responses"] = new JsonObject(responses.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => KeyValuePair.Create(r.Key, r.Value?.DeepClone())));
        return node;
    }

    private static JsonNode Problem(int status, SchemaRegistry schemas)
        => schemas.Reference(status == 400 ? typeof(ValidationProblemDetails) : typeof(ProblemDetails));

    private static JsonObject Response(string description, string contentType, JsonNode? schema)
    {
        var response = new JsonObject { ["description"] = description };
        if (schema is not null || contentType != "application/json")
        {
            response["content"] = new JsonObject { [contentType] = new JsonObject { ["schema"] = schema ?? new JsonObject { ["type"] = "string" } } };
        }

        return response;
    }

    private static JsonObject Query(ApiQueryAttribute query)
    {
        var schema = new JsonObject { ["type"] = query.Type };
        if (query.Allowed is { } allowed)
        {
            schema["enum"] = new JsonArray([.. allowed.Select(value => (JsonNode)value)]);
        }

        if (query.Minimum != int.MinValue)
        {
            schema["minimum"] = query.Minimum;
        }

        if (query.Maximum != int.MaxValue)
        {
            schema["maximum"] = query.Maximum;
        }

        if (query.Default is { } fallback)
        {
            schema["default"] = query.Type == "integer" ? int.Parse(fallback, System.Globalization.CultureInfo.InvariantCulture) : fallback;
        }

        return new JsonObject { ["name"] = query.Name, ["in"] = "query", ["required"] = false, ["description"] = query.Description, ["schema"] = schema };
    }

    private static string Status(int status) => status.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Schemas of the API's types, each once under <c>components/schemas</c>, referenced where used.</summary>
    private sealed class SchemaRegistry
    {
        private readonly SortedDictionary<string, JsonNode> components = new(StringComparer.Ordinal);
        private readonly JsonSerializerOptions options = ApiJson.DescriptionOptions();

        public JsonObject Components() => new(components.Select(c => KeyValuePair.Create(c.Key, (JsonNode?)c.Value.DeepClone())));

        public JsonNode Reference(Type type)
        {
            var exporter = new JsonSchemaExporterOptions { TreatNullObliviousAsNonNullable = true, TransformSchemaNode = Transform };
            return JsonSchemaExporter.GetJsonSchemaAsNode(options, type, exporter);
        }

        /// <summary>Moves every object type into components and leaves a reference in its place (the exporter calls this bottom-up).</summary>
        private JsonNode Transform(JsonSchemaExporterContext context, JsonNode schema)
        {
            // "Any JSON" is the boolean schema true to the exporter; OpenAPI tools read the equivalent empty schema more reliably.
            if (schema is JsonValue value && value.TryGetValue<bool>(out var any) && any)
            {
                return new JsonObject();
            }

            var info = context.TypeInfo;
            if (info.Kind != JsonTypeInfoKind.Object || schema is not JsonObject || info.Type == typeof(object))
            {
                return schema;
            }

            var name = ComponentName(info.Type);
            if (!components.ContainsKey(name))
            {
                var component = schema.DeepClone().AsObject();
                // A reference stands for the type; whether a property may be null is the property's business.
                if (component["type"] is JsonArray)
                {
                    component["type"] = "object";
                }

                components[name] = component;
            }

            return new JsonObject { ["$ref"] = $"#/components/schemas/{name}" };
        }

        private static string ComponentName(Type type)
            => type.IsGenericType
                ? string.Concat(type.GetGenericArguments().Select(ComponentName)) + type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]
                : type.Name;
    }
}

/// <summary>One HTTP function as its attributes declare it.</summary>
public sealed record HttpFunction(
    MethodInfo Entry,
    string Route,
    string Method,
    IReadOnlyList<string> RouteParameters,
    ApiOperationAttribute Operation,
    bool Paged,
    IReadOnlyList<ApiQueryAttribute> Queries,
    Type? Body,
    IReadOnlyList<ApiResponseAttribute> Responses)
{
    /// <summary>The function's description, or null when it has no HTTP trigger; a trigger without <see cref="ApiOperationAttribute"/> is an error.</summary>
    public static HttpFunction? Of(MethodInfo method)
    {
        var trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).OfType<HttpTriggerAttribute>().SingleOrDefault();
        if (trigger is null)
        {
            return null;
        }

        var operation = method.GetCustomAttribute<ApiOperationAttribute>()
            ?? throw new InvalidOperationException($"{method.DeclaringType!.Name}.{method.Name} has an HTTP trigger but no [ApiOperation]: the API description cannot describe it.");
        var route = trigger.Route ?? throw new InvalidOperationException($"{method.DeclaringType!.Name} has an HTTP trigger without a route.");
        var routeParameters = System.Text.RegularExpressions.Regex.Matches(route, "{([^}:?]+)").Select(m => m.Groups[1].Value).ToList();
        var bound = method.GetParameters().Where(p => p.ParameterType == typeof(string)).Select(p => p.Name!).ToList();
        if (!routeParameters.Order(StringComparer.Ordinal).SequenceEqual(bound.Order(StringComparer.Ordinal), StringComparer.Ordinal))
        {
            throw new InvalidOperationException($"{method.DeclaringType!.Name}: route {route} names [{string.Join(", ", routeParameters)}] but the method binds [{string.Join(", ", bound)}].");
        }

        var methods = trigger.Methods ?? [];
        if (methods.Length != 1)
        {
            throw new InvalidOperationException($"{method.DeclaringType!.Name}: one HTTP method per function, so that each is one operation.");
        }

        return new HttpFunction(
            method,
            route,
            methods[0].ToLowerInvariant(),
            routeParameters,
            operation,
            method.GetCustomAttribute<ApiPagedAttribute>() is not null,
            [.. method.GetCustomAttributes<ApiQueryAttribute>()],
            method.GetCustomAttribute<ApiBodyAttribute>()?.Body,
            [.. method.GetCustomAttributes<ApiResponseAttribute>()]);
    }
}

namespace IdentityOps.Functions.Api.Description;

/// <summary>
/// What an HTTP function is for, in the API's OpenAPI description (<see cref="ApiDescription"/>). The route and method
/// come from the function's own <c>[HttpTrigger]</c>; this names the operation, who may call it, and what it answers.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ApiOperationAttribute(string operationId, string summary) : Attribute
{
    public string OperationId { get; } = operationId;

    public string Summary { get; } = summary;

    /// <summary>The policy the function's <see cref="ApiGate"/> call names (<see cref="Policies"/>); null for an anonymous operation.</summary>
    public string? Policy { get; init; }

    /// <summary>The group the operation is listed under (scans, findings, alerts, …).</summary>
    public string Tag { get; init; } = "general";

    /// <summary>A longer description (CommonMark), for what the summary cannot say.</summary>
    public string? Description { get; init; }
}

/// <summary>One answer of an operation besides the errors every gated operation shares (401, 403, 429, 500).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class ApiResponseAttribute(int status, string description) : Attribute
{
    public int Status { get; } = status;

    public string Description { get; } = description;

    /// <summary>The serialized type of the body (its schema comes from the type itself); null for a problem or no body.</summary>
    public Type? Body { get; init; }

    /// <summary>The media type; a problem answer is always <c>application/problem+json</c>.</summary>
    public string ContentType { get; init; } = "application/json";
}

/// <summary>A query-string parameter the function reads.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class ApiQueryAttribute(string name, string description) : Attribute
{
    public string Name { get; } = name;

    public string Description { get; } = description;

    /// <summary><c>string</c> or <c>integer</c>.</summary>
    public string Type { get; init; } = "string";

    /// <summary>The only values accepted, when the parameter is an enumeration.</summary>
    public string[]? Allowed { get; init; }

    public int Minimum { get; init; } = int.MinValue;

    public int Maximum { get; init; } = int.MaxValue;

    public string? Default { get; init; }
}

/// <summary>The JSON body the function reads (<see cref="ApiRequest.ReadJsonAsync{T}"/>): its schema comes from the type.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ApiBodyAttribute(Type body) : Attribute
{
    public Type Body { get; } = body;
}

/// <summary>The operation pages its answer with <c>page</c> and <c>pageSize</c> (<see cref="ApiRequest.TryReadPage"/>).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ApiPagedAttribute : Attribute;

using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace IdentityOps.Functions.Api;

/// <summary>The API's JSON: web defaults (camelCase) with enums as names. One place, so that the answers and their description agree.</summary>
public static class ApiJson
{
    public static void Configure(JsonSerializerOptions options) => options.Converters.Add(new JsonStringEnumConverter());

    /// <summary>The options the answers are written with (MVC's <c>JsonOptions</c> are web defaults configured by <see cref="Configure"/>).</summary>
    public static JsonSerializerOptions DescriptionOptions()
    {
        // Numbers as the API writes them: the web defaults also READ numbers from strings, which would describe every
        // number as "integer or string" and give clients a composed type for each.
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { TypeInfoResolver = new DefaultJsonTypeInfoResolver(), NumberHandling = JsonNumberHandling.Strict };
        Configure(options);
        return options;
    }
}

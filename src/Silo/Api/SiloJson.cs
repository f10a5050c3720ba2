using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansFed.Silo.Api;

/// <summary>JSON settings of the HTTP API: web defaults (camelCase), enums as strings, unknown members rejected.</summary>
internal static class SiloJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.PropertyNameCaseInsensitive = true;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.Converters.Add(new JsonStringEnumConverter());
    }
}

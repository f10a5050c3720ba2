using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansFed.Client.Http;

/// <summary>The JSON settings of the wire: System.Text.Json web defaults (camelCase) with enums as strings.</summary>
internal static class ApiJson
{
    /// <summary>Shared, immutable serializer options.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

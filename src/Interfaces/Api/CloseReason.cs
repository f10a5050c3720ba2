using System.Text.Json.Serialization;

namespace OrleansFed.Interfaces.Api;

/// <summary>Why a round closed successfully. Serialized as its name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CloseReason>))]
public enum CloseReason
{
    /// <summary>Every selected participant submitted an update before the deadline.</summary>
    AllSubmitted,

    /// <summary>The deadline passed with at least the configured minimum number of updates.</summary>
    Deadline,
}

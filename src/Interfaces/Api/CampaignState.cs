using System.Text.Json.Serialization;

namespace OrleansFed.Interfaces.Api;

/// <summary>
/// Lifecycle of a campaign: <see cref="Created"/> → <see cref="Running"/> ↔ <see cref="Paused"/> →
/// <see cref="Completed"/> | <see cref="Stopped"/> | <see cref="Failed"/>. Serialized as its name.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<CampaignState>))]
public enum CampaignState
{
    /// <summary>Created and waiting for enough enrolled participants before round 1 starts.</summary>
    Created,

    /// <summary>Rounds are being run.</summary>
    Running,

    /// <summary>Paused by an administrator; no new round starts and open rounds accept no updates.</summary>
    Paused,

    /// <summary>All configured rounds completed (terminal).</summary>
    Completed,

    /// <summary>Stopped by an administrator (terminal).</summary>
    Stopped,

    /// <summary>Failed, e.g. a round could not gather enough participants within its retries (terminal).</summary>
    Failed,
}

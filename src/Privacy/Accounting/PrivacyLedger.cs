using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansFed.Privacy.Accounting;

/// <summary>
/// The immutable, serialisable history of privacy mechanism events of one campaign (or one PATE teacher).
/// Grains append events; accountants turn the ledger into an (ε, δ) guarantee.
/// </summary>
public sealed class PrivacyLedger
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = false };

    /// <summary>A ledger with no events.</summary>
    public static PrivacyLedger Empty { get; } = new(ImmutableList<PrivacyEvent>.Empty);

    private readonly ImmutableList<PrivacyEvent> _events;

    /// <summary>Creates a ledger holding <paramref name="events"/> in order.</summary>
    /// <param name="events">The recorded events.</param>
    [JsonConstructor]
    public PrivacyLedger(IReadOnlyList<PrivacyEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var e in events)
        {
            ArgumentNullException.ThrowIfNull(e, nameof(events));
        }

        _events = events as ImmutableList<PrivacyEvent> ?? [.. events];
    }

    /// <summary>The recorded events, oldest first.</summary>
    public IReadOnlyList<PrivacyEvent> Events => _events;

    /// <summary>Returns a new ledger with <paramref name="privacyEvent"/> appended; this ledger is unchanged.</summary>
    /// <param name="privacyEvent">The event to record.</param>
    public PrivacyLedger Append(PrivacyEvent privacyEvent)
    {
        ArgumentNullException.ThrowIfNull(privacyEvent);
        return new PrivacyLedger(_events.Add(privacyEvent));
    }

    /// <summary>Serialises the ledger to JSON (events carry a <c>kind</c> discriminator).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Reads a ledger written by <see cref="ToJson"/>; every event is re-validated.</summary>
    /// <param name="json">The JSON text.</param>
    public static PrivacyLedger FromJson(string json) =>
        JsonSerializer.Deserialize<PrivacyLedger>(json, JsonOptions)
        ?? throw new JsonException("The JSON does not hold a privacy ledger.");
}

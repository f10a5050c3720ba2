namespace OrleansFed.Grains.Participants;

/// <summary>Persistent state of a participant grain.</summary>
public sealed class ParticipantState
{
    /// <summary>Display name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Declared local sample count.</summary>
    public long SampleCount { get; set; }

    /// <summary>Lower-case hex SHA-256 of the bearer token.</summary>
    public string TokenHash { get; set; } = string.Empty;

    /// <summary>Enrollment instant.</summary>
    public DateTimeOffset EnrolledAt { get; set; }

    /// <summary>Last persisted activity instant.</summary>
    public DateTimeOffset LastSeen { get; set; }

    /// <summary>Rounds with an accepted update, ascending.</summary>
    public List<int> RoundsJoined { get; set; } = [];

    /// <summary>ε of the participant's ledger after its latest accepted update (<c>dp-sgd</c>); null otherwise.</summary>
    public double? Epsilon { get; set; }

    /// <summary>δ at which <see cref="Epsilon"/> is measured.</summary>
    public double? Delta { get; set; }
}

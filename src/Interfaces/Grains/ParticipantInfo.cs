using System.Collections.Immutable;

namespace OrleansFed.Interfaces.Grains;

/// <summary>Inspectable participant record (never the token or its hash).</summary>
/// <param name="Name">Display name.</param>
/// <param name="SampleCount">Declared local sample count.</param>
/// <param name="EnrolledAt">Enrollment instant.</param>
/// <param name="LastSeen">Last successful authentication or accepted update (persisted at most once a minute for polls).</param>
/// <param name="RoundsJoined">Rounds in which an update of this participant was accepted, ascending.</param>
public sealed record ParticipantInfo(
    string Name,
    long SampleCount,
    DateTimeOffset EnrolledAt,
    DateTimeOffset LastSeen,
    ImmutableArray<int> RoundsJoined)
{
    /// <summary>The participant's own ε (<c>dp-sgd</c> campaigns) after its last accepted update; absent otherwise.</summary>
    public double? Epsilon { get; init; }

    /// <summary>δ at which <see cref="Epsilon"/> is measured.</summary>
    public double? Delta { get; init; }
}

namespace OrleansFed.Interfaces.Api;

/// <summary>Result of enrolling: the participant id and its bearer token, shown only once.</summary>
public sealed record Enrollment
{
    /// <summary>Participant id, unique within the campaign.</summary>
    public required string ParticipantId { get; init; }

    /// <summary>Random 256-bit bearer secret (base64url). The silo stores only its SHA-256 hash.</summary>
    public required string Token { get; init; }
}

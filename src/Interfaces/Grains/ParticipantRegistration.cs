namespace OrleansFed.Interfaces.Grains;

/// <summary>What the campaign stores about a newly enrolled participant.</summary>
/// <param name="Name">Display name.</param>
/// <param name="SampleCount">Declared local sample count.</param>
/// <param name="TokenHash">Lower-case hex SHA-256 of the bearer token (the token itself is never stored).</param>
/// <param name="EnrolledAt">Enrollment instant.</param>
public sealed record ParticipantRegistration(string Name, long SampleCount, string TokenHash, DateTimeOffset EnrolledAt);

namespace OrleansFed.Interfaces.Api;

/// <summary>Body of <c>POST /v1/campaigns/{id}/participants</c>.</summary>
public sealed record EnrollRequest
{
    /// <summary>Display name of the participant (1–128 characters; not a secret, may appear in logs).</summary>
    public required string Name { get; init; }

    /// <summary>Number of local training samples the participant holds (at least 1).</summary>
    public required long SampleCount { get; init; }
}

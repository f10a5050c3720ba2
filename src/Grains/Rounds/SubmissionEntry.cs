namespace OrleansFed.Grains.Rounds;

/// <summary>Metadata of one accepted update (its weights are in the participant's update record).</summary>
public sealed class SubmissionEntry
{
    /// <summary>Participant id.</summary>
    public string ParticipantId { get; set; } = string.Empty;

    /// <summary>Sample count.</summary>
    public long SampleCount { get; set; }

    /// <summary>Reported mean training loss.</summary>
    public float TrainLoss { get; set; }

    /// <summary>When it was accepted.</summary>
    public DateTimeOffset ReceivedAt { get; set; }
}

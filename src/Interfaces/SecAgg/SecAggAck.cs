namespace OrleansFed.Interfaces.SecAgg;

/// <summary>Receipt for a step message, sent once the message is durable.</summary>
/// <param name="Phase">The step the round is in after the message.</param>
/// <param name="Duplicate">Whether the participant had already sent this step's message (the first one stands).</param>
public sealed record SecAggAck(SecAggPhase Phase, bool Duplicate);

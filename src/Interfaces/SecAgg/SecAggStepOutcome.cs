namespace OrleansFed.Interfaces.SecAgg;

/// <summary>The round's step after a call, so the campaign can re-arm its deadline or close the attempt.</summary>
/// <param name="Phase">Current step.</param>
/// <param name="StepDeadline">When the current step closes at the latest.</param>
/// <param name="Duplicate">The message was a repeat and changed nothing.</param>
public sealed record SecAggStepOutcome(SecAggPhase Phase, DateTimeOffset StepDeadline, bool Duplicate)
{
    /// <summary>Whether the attempt has finished or aborted.</summary>
    public bool Done => Phase is SecAggPhase.Finished or SecAggPhase.Aborted;
}

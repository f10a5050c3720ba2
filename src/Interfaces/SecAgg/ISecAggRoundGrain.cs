using OrleansFed.Runtime;

namespace OrleansFed.Interfaces.SecAgg;

/// <summary>
/// The server side of one SecAgg+ round attempt (key: <see cref="SecAggKeys.Round"/>): keeps every accepted step
/// message durable before acknowledging it, closes each step when all expected parties answered or its deadline
/// passed, and reconstructs only the survivors' sum. Only the campaign grain and the round grain call it. The four step
/// methods interleave, so concurrent messages of a step are made durable together in one write (group commit), each
/// acknowledged only once the write holding it is durable.
/// </summary>
public interface ISecAggRoundGrain : IGrainWithStringKey
{
    /// <summary>Closes overdue steps.</summary>
    /// <param name="setup">The attempt's setup.</param>
    /// <param name="now">Current time.</param>
    /// <returns>The step afterwards.</returns>
    Task<SecAggStepOutcome> AdvanceAsync(SecAggRoundSetup setup, DateTimeOffset now);

    /// <summary>What <paramref name="participantId"/> may see now.</summary>
    /// <param name="setup">The attempt's setup.</param>
    /// <param name="participantId">A selected participant.</param>
    /// <param name="now">Current time.</param>
    /// <returns>The view.</returns>
    Task<SecAggView> GetViewAsync(SecAggRoundSetup setup, string participantId, DateTimeOffset now);

    /// <summary>Step 0: accepts public keys.</summary>
    /// <param name="setup">The attempt's setup.</param>
    /// <param name="participantId">Sender.</param>
    /// <param name="keys">The keys.</param>
    /// <param name="now">Current time.</param>
    /// <returns>The step afterwards.</returns>
    [AlwaysInterleave]
    Task<SecAggStepOutcome> AdvertiseKeysAsync(SecAggRoundSetup setup, string participantId, SecAggPublicKeys keys, DateTimeOffset now);

    /// <summary>Step 1: accepts encrypted shares.</summary>
    /// <param name="setup">The attempt's setup.</param>
    /// <param name="participantId">Sender.</param>
    /// <param name="shares">The shares.</param>
    /// <param name="now">Current time.</param>
    /// <returns>The step afterwards.</returns>
    [AlwaysInterleave]
    Task<SecAggStepOutcome> ShareKeysAsync(SecAggRoundSetup setup, string participantId, SecAggShareKeys shares, DateTimeOffset now);

    /// <summary>Step 2: accepts a masked input.</summary>
    /// <param name="setup">The attempt's setup.</param>
    /// <param name="participantId">Sender.</param>
    /// <param name="maskedInput">y_u over Z_(2^32).</param>
    /// <param name="now">Current time.</param>
    /// <returns>The step afterwards.</returns>
    [AlwaysInterleave]
    Task<SecAggStepOutcome> SubmitMaskedInputAsync(SecAggRoundSetup setup, string participantId, ReadOnlyMemory<uint> maskedInput, DateTimeOffset now);

    /// <summary>Step 3: accepts revealed shares; the last one reconstructs the sum.</summary>
    /// <param name="setup">The attempt's setup.</param>
    /// <param name="participantId">Sender.</param>
    /// <param name="unmasking">The shares.</param>
    /// <param name="now">Current time.</param>
    /// <returns>The step afterwards.</returns>
    [AlwaysInterleave]
    Task<SecAggStepOutcome> UnmaskAsync(SecAggRoundSetup setup, string participantId, SecAggUnmasking unmasking, DateTimeOffset now);

    /// <summary>The attempt's outcome (the sum once finished).</summary>
    /// <returns>The result.</returns>
    Task<SecAggRoundResult> GetResultAsync();

    /// <summary>Deletes the stored step messages once the campaign has recorded the outcome.</summary>
    /// <returns>A task.</returns>
    Task ReleaseAsync();
}

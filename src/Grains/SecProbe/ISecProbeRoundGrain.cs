using OrleansFed.Interfaces.SecProbe;
using OrleansFed.Runtime;

namespace OrleansFed.Grains.SecProbe;

/// <summary>
/// One SecProbe round at the silo (Algorithm 2; key <see cref="SecProbeKeys.Round"/>): it hands out the silo's weights,
/// accepts the first M uploads and tells every later participant to stop, then scores the M uploads on the silo's
/// auxiliary validation set, samples K of them without replacement by the exponential mechanism (budget ε₁ per draw, or one joint draw of the K-set with budget Kε₁)
/// and averages the K into the next global model. The round's state is durable: a restarted silo resumes it.
/// </summary>
public interface ISecProbeRoundGrain : IGrainWithStringKey
{
    /// <summary>Opens the round; repeating with an equal spec does nothing.</summary>
    /// <param name="spec">M, K, ε₁, Δu and the round's global weights.</param>
    /// <returns>The status.</returns>
    /// <exception cref="Interfaces.Errors.InvalidRequestException">The spec is invalid or differs from the stored one.</exception>
    Task<SecProbeRoundStatus> OpenAsync(SecProbeRoundSpec spec);

    /// <summary>The round's status, including the weights participants start from.</summary>
    /// <returns>The status.</returns>
    Task<SecProbeRoundStatus> GetStatusAsync();

    /// <summary>
    /// Offers one participant's sanitized weights. The first M distinct participants are accepted; the M-th acceptance
    /// runs the selection. Anyone later is told to stop. A participant that already uploaded gets its earlier receipt.
    /// </summary>
    /// <param name="participantId">The uploader.</param>
    /// <param name="weights">Its weights (length of the global model, finite).</param>
    /// <returns>Accepted (with its arrival position) or stop.</returns>
    /// <exception cref="Interfaces.Errors.InvalidRequestException">Wrong length, non-finite values, or the round is not open.</exception>
    Task<SecProbeUploadReceipt> UploadAsync(string participantId, float[] weights);

    /// <summary>
    /// Claims one of the M places for <paramref name="participantId"/> before it trains. Granted while accepted uploads
    /// plus live claims of others leave a place; a claim lapses after the spec's <see cref="SecProbeRoundSpec.ClaimTimeout"/>.
    /// An upload is refused (stop) when every remaining place is claimed by others. A grant is durable before it is
    /// returned, so a restarted silo honours it until it lapses.
    /// </summary>
    /// <param name="participantId">The claimant.</param>
    /// <returns>Granted, stop (round full), or retry after the earliest claim's expiry.</returns>
    /// <exception cref="Interfaces.Errors.InvalidRequestException">The round is not open, claims are off, or the id is malformed.</exception>
    Task<SecProbeClaim> ClaimAsync(string participantId);

    /// <summary>Gives back <paramref name="participantId"/>'s claim (a participant leaving mid-round); no-op without one.</summary>
    /// <param name="participantId">The claimant.</param>
    /// <returns>A task that completes once the place is free.</returns>
    Task ReleaseClaimAsync(string participantId);

    /// <summary>
    /// Closes a collecting round without a selection (its campaign was stopped): accepted participants still get their
    /// receipts, everyone else is told to stop, and no selection or ledger event follows. Idempotent; a round that has
    /// already selected stays as it is.
    /// </summary>
    /// <returns>The status.</returns>
    Task<SecProbeRoundStatus> CloseAsync();

    /// <summary>
    /// Drops the weights a finished round no longer needs once its campaign has moved on (the starting weights and the
    /// two averages): receipts, the accepted and selected ids and the scores stay. No-op before the selection.
    /// </summary>
    /// <returns>A task that completes once the smaller state is durable.</returns>
    Task CompactAsync();

    /// <summary>The selection and the new global model, once M uploads arrived.</summary>
    /// <returns>The result, or <see langword="null"/> while the round still collects.</returns>
    Task<SecProbeRoundResult?> GetResultAsync();
}

using OrleansFed.Interfaces.Api;
using OrleansFed.Interfaces.Wire;
using OrleansFed.Runtime;

namespace OrleansFed.Interfaces.Paillier;

/// <summary>
/// The Paillier side of a campaign (same key and activation as <see cref="Grains.ICampaignGrain"/>). The key holder —
/// the campaign's first enrolled participant — publishes the public modulus; participants upload ciphertexts, which
/// the campaign folds into an encrypted sum; the key holder downloads the sum, decrypts it and uploads the average,
/// which becomes the next global model. The silo never sees a private key or a plaintext update.
/// </summary>
public interface IPaillierCampaignGrain : IGrainWithStringKey
{
    /// <summary>The key holder publishes n. Idempotent for the same n; the first enough enrollments plus the key start round 1.</summary>
    /// <param name="participantId">The authenticated caller; must be the key holder.</param>
    /// <param name="upload">The modulus.</param>
    /// <returns>The campaign's key info.</returns>
    /// <exception cref="Errors.NotSelectedException">The caller is not the key holder.</exception>
    /// <exception cref="Errors.InvalidRequestException">The modulus is malformed or of the wrong size.</exception>
    /// <exception cref="Errors.IllegalTransitionException">A different key is already published, or the campaign is not in paillier mode.</exception>
    Task<PaillierKeyInfo> PublishKeyAsync(string participantId, PaillierKeyUpload upload);

    /// <summary>The campaign's public key info.</summary>
    /// <returns>Key holder, size and modulus (once published).</returns>
    Task<PaillierKeyInfo> GetKeyAsync();

    /// <summary>Accepts a participant's encrypted update for the open attempt; durable before it returns.</summary>
    /// <param name="participantId">The authenticated participant.</param>
    /// <param name="update">The ciphertext vector (summands 1).</param>
    /// <returns>The receipt.</returns>
    Task<SubmitReceipt> SubmitCiphertextsAsync(string participantId, PaillierBlob update);

    /// <summary>Key holder only: the encrypted sum of the attempt awaiting decryption.</summary>
    /// <param name="participantId">The authenticated caller.</param>
    /// <param name="round">Round.</param>
    /// <param name="attempt">Attempt.</param>
    /// <returns>The sum (summands = number of updates added).</returns>
    Task<PaillierBlob> GetEncryptedSumAsync(string participantId, int round, int attempt);

    /// <summary>Key holder only: the decrypted average (sample count = Σn, loss = weighted mean loss); closes the round.</summary>
    /// <param name="participantId">The authenticated caller.</param>
    /// <param name="attempt">Attempt the average belongs to.</param>
    /// <param name="average">The average model.</param>
    /// <returns>The receipt.</returns>
    Task<SubmitReceipt> SubmitAverageAsync(string participantId, int attempt, UpdateBlob average);
}

using OrleansFed.Interfaces.Grains;
using OrleansFed.Interfaces.Wire;
using OrleansFed.Runtime;

namespace OrleansFed.Interfaces.Paillier;

/// <summary>
/// One Paillier round attempt (key: <see cref="GrainKeys.Round"/>). It keeps only the running encrypted sum and the
/// list of contributors — never an individual ciphertext beyond the call that adds it — and, after decryption, the
/// key holder's average. Called only by its campaign.
/// </summary>
public interface IPaillierRoundGrain : IGrainWithStringKey
{
    /// <summary>Validates the ciphertexts and multiplies them into the sum; durable before it returns. A repeat is a duplicate.</summary>
    /// <param name="plan">The attempt's plan (the first call stores it).</param>
    /// <param name="participantId">The participant.</param>
    /// <param name="update">The ciphertexts.</param>
    /// <returns>The submission result.</returns>
    Task<RoundSubmitResult> SubmitAsync(PaillierRoundPlan plan, string participantId, PaillierBlob update);

    /// <summary>Closes collection: abandons with too few updates, otherwise awaits decryption (abandoned past the decryption deadline).</summary>
    /// <param name="plan">The attempt's plan.</param>
    /// <param name="now">Now.</param>
    /// <param name="decryptionTimeout">How long the key holder has to decrypt.</param>
    /// <returns>The status after closing.</returns>
    Task<PaillierRoundStatus> CloseAsync(PaillierRoundPlan plan, DateTimeOffset now, TimeSpan decryptionTimeout);

    /// <summary>The status.</summary>
    /// <returns>The status.</returns>
    Task<PaillierRoundStatus> GetStatusAsync();

    /// <summary>The encrypted sum while awaiting decryption.</summary>
    /// <returns>The sum.</returns>
    Task<PaillierBlob> GetSumAsync();

    /// <summary>Stores the key holder's average (only while awaiting decryption; a repeat is accepted).</summary>
    /// <param name="average">The average.</param>
    /// <returns>A task.</returns>
    Task CompleteAsync(UpdateBlob average);

    /// <summary>Drops the sum and the average once the campaign has committed or abandoned the attempt.</summary>
    /// <returns>A task.</returns>
    Task ReleaseAsync();
}

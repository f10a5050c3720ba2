using OrleansFed.Runtime;

namespace OrleansFed.Interfaces.Grains;

/// <summary>
/// One enrolled participant of one campaign (key: <see cref="GrainKeys.Participant"/>): enrollment data, the SHA-256
/// hash of its bearer token, last seen, rounds joined. Only the campaign grain registers participants.
/// </summary>
public interface IParticipantGrain : IGrainWithStringKey
{
    /// <summary>Stores the enrollment (overwrites an earlier registration that the campaign never committed).</summary>
    /// <param name="registration">Name, sample count, token hash.</param>
    /// <returns>A task that completes once the registration is durable.</returns>
    Task RegisterAsync(ParticipantRegistration registration);

    /// <summary>Checks a bearer token against the stored hash in constant time.</summary>
    /// <param name="token">The presented token (never stored or logged).</param>
    /// <returns><see langword="true"/> if the participant exists and the token matches.</returns>
    Task<bool> AuthenticateAsync(string token);

    /// <summary>Records that an update of this participant was accepted for <paramref name="round"/>.</summary>
    /// <param name="round">The round.</param>
    /// <returns>A task that completes once recorded.</returns>
    Task RecordRoundJoinedAsync(int round);

    /// <summary>Gets the participant's record.</summary>
    /// <returns>The record, or <see langword="null"/> if not enrolled.</returns>
    Task<ParticipantInfo?> GetInfoAsync();

    /// <summary>Stores the participant's privacy loss so far (<c>dp-sgd</c>), as its ledger accounted it.</summary>
    /// <param name="epsilon">ε after the latest accepted update.</param>
    /// <param name="delta">δ at which ε is measured.</param>
    /// <returns>A task that completes once durable.</returns>
    Task RecordPrivacySpentAsync(double epsilon, double delta);
}

using System.Collections.Immutable;
using OrleansFed.Interfaces.Wire;

namespace OrleansFed.Interfaces.Paillier;

/// <summary>State of a Paillier round attempt.</summary>
/// <param name="Phase">Phase.</param>
/// <param name="Contributors">Participants whose ciphertexts are in the sum, sorted.</param>
/// <param name="AllSubmitted">Whether it closed because every selected participant had submitted.</param>
/// <param name="DecryptionDeadline">When an attempt awaiting decryption is abandoned.</param>
/// <param name="Average">The key holder's average once <see cref="PaillierRoundPhase.Decrypted"/>.</param>
public sealed record PaillierRoundStatus(
    PaillierRoundPhase Phase, ImmutableArray<string> Contributors, bool AllSubmitted, DateTimeOffset? DecryptionDeadline, UpdateBlob? Average);

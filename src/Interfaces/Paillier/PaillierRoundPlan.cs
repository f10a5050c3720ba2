using System.Collections.Immutable;
using System.Numerics;

namespace OrleansFed.Interfaces.Paillier;

/// <summary>What a Paillier round attempt checks updates against.</summary>
/// <param name="Round">Round.</param>
/// <param name="Attempt">Attempt.</param>
/// <param name="Selected">Selected participants, sorted ordinally.</param>
/// <param name="MinParticipants">Updates needed to close at the deadline.</param>
/// <param name="Modulus">The public n.</param>
/// <param name="Ciphertexts">Ciphertexts per update.</param>
/// <param name="MaxSummands">Most updates the packing allows to add.</param>
/// <param name="ParameterCount">Model parameters (length of the average).</param>
public sealed record PaillierRoundPlan(
    int Round, int Attempt, ImmutableArray<string> Selected, int MinParticipants, BigInteger Modulus, int Ciphertexts, int MaxSummands, int ParameterCount);

namespace OrleansFed.Interfaces.Paillier;

/// <summary>
/// A vector of Paillier ciphertexts as it travels on the wire (<see cref="PaillierWire"/>): an update (one summand) or
/// a round's encrypted sum (<see cref="Summands"/> updates).
/// </summary>
/// <param name="Round">Round number (1-based).</param>
/// <param name="Attempt">Attempt of that round (1-based).</param>
/// <param name="Summands">How many updates were added into these ciphertexts (1 for an update).</param>
/// <param name="Width">Bytes per ciphertext: the byte length of n².</param>
/// <param name="Ciphertexts">Count × <paramref name="Width"/> bytes, each ciphertext unsigned big-endian, zero-padded.</param>
public sealed record PaillierBlob(int Round, int Attempt, int Summands, int Width, ReadOnlyMemory<byte> Ciphertexts)
{
    /// <summary>Number of ciphertexts.</summary>
    public int Count => Width == 0 ? 0 : Ciphertexts.Length / Width;
}

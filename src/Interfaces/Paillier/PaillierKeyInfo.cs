namespace OrleansFed.Interfaces.Paillier;

/// <summary>The campaign's Paillier key as the silo holds it: public parts only.</summary>
/// <param name="KeyHolder">Participant id of the key holder.</param>
/// <param name="Bits">Configured modulus size.</param>
/// <param name="Modulus">n (base64, unsigned big-endian) once published, else <see langword="null"/>.</param>
public sealed record PaillierKeyInfo(string KeyHolder, int Bits, string? Modulus);

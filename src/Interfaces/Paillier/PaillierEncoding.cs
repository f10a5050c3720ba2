namespace OrleansFed.Interfaces.Paillier;

/// <summary>
/// How a participant turns its update into integers before packing and encryption. Weight w becomes
/// q = round(w·2^<see cref="FractionBits"/>) with |w| ≤ <see cref="MaxWeight"/>; the packed vector is
/// [n·q_0, …, n·q_(d−1), n·round(loss·2^f), n] for sample count n ≤ <see cref="MaxSamples"/>, each value a signed
/// <see cref="ValueBits"/>-bit integer, and at most <see cref="MaxSummands"/> vectors are added.
/// </summary>
/// <param name="FractionBits">f: fixed-point fraction bits.</param>
/// <param name="MaxWeight">Largest |weight| (and training loss) a participant may encrypt.</param>
/// <param name="MaxSamples">Largest sample count n a participant may claim.</param>
/// <param name="MaxSummands">Most updates one round adds.</param>
/// <param name="ValueBits">Bits of one signed packed value (derived from the other three).</param>
public sealed record PaillierEncoding(int FractionBits, int MaxWeight, long MaxSamples, int MaxSummands, int ValueBits);

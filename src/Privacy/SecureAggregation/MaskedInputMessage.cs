namespace OrleansFed.Privacy.SecureAggregation;

/// <summary>Round 2 (MaskedInputCollection), client → server: y_u = x_u + PRG(b_u) + Σ_v ±PRG(s_u,v) over Z_(2^32).</summary>
/// <param name="Sender">u.</param>
/// <param name="MaskedInput">y_u, of the session's vector length.</param>
public sealed record MaskedInputMessage(int Sender, ReadOnlyMemory<uint> MaskedInput);

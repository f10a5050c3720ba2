using OrleansFed.Privacy.Randomness;

namespace OrleansFed.Grains.Sampling;

/// <summary>
/// The randomness of the campaign's secret participant draws (<see cref="RoundSampler.DrawsSecretly"/>): a fresh
/// <see cref="CryptoRandomSource"/>, i.e. the operating system's CSPRNG, for every draw. Registered as a singleton;
/// tests replace it to force a draw (an empty or a full Poisson sample).
/// </summary>
public class SamplingRandomness
{
    /// <summary>A source for one draw.</summary>
    /// <returns>A new source; the caller owns it.</returns>
    public virtual RandomSource Create() => new CryptoRandomSource();
}

using OrleansFed.Client.Participant;

namespace OrleansFed.Client.Adversaries;

/// <summary>
/// Random-update attack: uploads weights drawn independently and uniformly from [−1, 1), ignoring training. The draw is
/// reproducible: it depends only on the attack's seed, the round and the attempt (SplitMix64, see
/// <see cref="Next(ref ulong)"/>). Not for anything secret.
/// </summary>
public sealed class RandomWeightsAttack : IUpdateTransform
{
    private readonly long _seed;

    /// <summary>Creates the attack.</summary>
    /// <param name="seed">Seed of the draws; give each simulated attacker its own.</param>
    public RandomWeightsAttack(long seed) => _seed = seed;

    /// <inheritdoc />
    public string Name => UpdateAttack.Random;

    /// <summary>The generator state a round's draw starts from.</summary>
    /// <param name="seed">The attack's seed.</param>
    /// <param name="round">Round (1-based).</param>
    /// <param name="attempt">Attempt (1-based).</param>
    /// <returns>The initial SplitMix64 state.</returns>
    public static ulong InitialState(long seed, int round, int attempt)
        => unchecked((ulong)seed ^ ((ulong)round * 0x9E3779B97F4A7C15UL) ^ ((ulong)attempt * 0xD1B54A32D192ED03UL));

    /// <summary>One SplitMix64 step (Steele, Lea and Flood 2014): advances <paramref name="state"/> and returns 64 mixed bits.</summary>
    /// <param name="state">Generator state.</param>
    /// <returns>The next output.</returns>
    public static ulong Next(ref ulong state)
    {
        unchecked
        {
            state += 0x9E3779B97F4A7C15UL;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>Maps 64 random bits to a float uniform in [−1, 1): the top 24 bits give k ∈ [0, 2²⁴), the value is k·2⁻²³ − 1 (exact in binary32).</summary>
    /// <param name="bits">Random bits.</param>
    /// <returns>The value.</returns>
    public static float ToUnitInterval(ulong bits) => ((bits >> 40) * (1f / (1 << 23))) - 1f;

    /// <inheritdoc />
    public void Apply(int round, int attempt, ReadOnlySpan<float> global, Span<float> weights)
    {
        var state = InitialState(_seed, round, attempt);
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = ToUnitInterval(Next(ref state));
        }
    }
}

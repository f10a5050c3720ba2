namespace OrleansFed.Learning.Autograd;

public static partial class Ops
{
    /// <summary>
    /// Inverted dropout: each element is zeroed with probability <paramref name="probability"/> and the survivors
    /// are scaled by 1/(1 − p), so the expectation is unchanged.
    /// </summary>
    /// <param name="tape">The recording tape.</param>
    /// <param name="x">Input.</param>
    /// <param name="probability">Drop probability in [0, 1).</param>
    /// <param name="seed">Seed of this call's mask.</param>
    /// <returns>The masked tensor.</returns>
    public static Tensor Dropout(Tape tape, Tensor x, float probability, long seed) =>
        Dropout(tape, x, probability, new DeterministicRandom(seed, stream: 0xD209));

    internal static Tensor Dropout(Tape tape, Tensor x, float probability, DeterministicRandom random)
    {
        ArgumentNullException.ThrowIfNull(tape);
        ArgumentNullException.ThrowIfNull(x);
        if (!(probability >= 0f && probability < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), "Dropout probability must be in [0, 1).");
        }

        float[] mask = tape.Rent(x.Length);
        float keep = 1f / (1f - probability);
        for (int i = 0; i < x.Length; i++)
        {
            mask[i] = random.NextDouble() < probability ? 0f : keep;
        }

        Tensor y = tape.NewTensor(x.Shape);
        ReadOnlySpan<float> xs = x.Data;
        Span<float> ys = y.Data;
        for (int i = 0; i < xs.Length; i++)
        {
            ys[i] = xs[i] * mask[i];
        }

        if (tape.ShouldRecord(x))
        {
            y.RequiresGrad = true;
            tape.Record(new DelegateNode(t =>
            {
                if (!y.HasGradient)
                {
                    return;
                }

                Span<float> dx = t.GradientTarget(x, out bool acc);
                ReadOnlySpan<float> dy = y.Gradient;
                for (int i = 0; i < dx.Length; i++)
                {
                    float d = dy[i] * mask[i];
                    dx[i] = acc ? dx[i] + d : d;
                }
            }));
        }

        return y;
    }
}

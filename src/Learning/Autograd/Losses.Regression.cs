using OrleansFed.Learning.Tensors;

namespace OrleansFed.Learning.Autograd;

public static partial class Losses
{
    /// <summary>Mean squared error Σ (p − t)² over all elements, divided by the element count (Mean) or not (Sum).</summary>
    /// <param name="tape">The recording tape.</param>
    /// <param name="prediction">Predictions of any shape.</param>
    /// <param name="target">Targets, one per prediction.</param>
    /// <param name="reduction">Mean over elements, or sum.</param>
    /// <returns>The loss, shape [1].</returns>
    public static Tensor MeanSquaredError(Tape tape, Tensor prediction, ReadOnlySpan<float> target, Reduction reduction = Reduction.Mean) =>
        Pointwise(tape, prediction, target, reduction, PointwiseKind.SquaredError);

    /// <summary>
    /// Binary cross-entropy −[t·log p + (1 − t)·log(1 − p)] of probabilities p against targets t in [0, 1], with the
    /// logarithms clamped at −100 as PyTorch does.
    /// </summary>
    /// <param name="tape">The recording tape.</param>
    /// <param name="probability">Probabilities in [0, 1].</param>
    /// <param name="target">Targets in [0, 1].</param>
    /// <param name="reduction">Mean over elements, or sum.</param>
    /// <returns>The loss, shape [1].</returns>
    public static Tensor BinaryCrossEntropy(Tape tape, Tensor probability, ReadOnlySpan<float> target, Reduction reduction = Reduction.Mean) =>
        Pointwise(tape, probability, target, reduction, PointwiseKind.BinaryCrossEntropy);

    /// <summary>Binary cross-entropy of sigmoid(z) against targets, computed stably from the logits z.</summary>
    /// <param name="tape">The recording tape.</param>
    /// <param name="logits">Logits.</param>
    /// <param name="target">Targets in [0, 1].</param>
    /// <param name="reduction">Mean over elements, or sum.</param>
    /// <returns>The loss, shape [1].</returns>
    public static Tensor BinaryCrossEntropyWithLogits(Tape tape, Tensor logits, ReadOnlySpan<float> target, Reduction reduction = Reduction.Mean) =>
        Pointwise(tape, logits, target, reduction, PointwiseKind.BinaryCrossEntropyWithLogits);

    private static Tensor Pointwise(Tape tape, Tensor x, ReadOnlySpan<float> target, Reduction reduction, PointwiseKind kind)
    {
        ArgumentNullException.ThrowIfNull(tape);
        ArgumentNullException.ThrowIfNull(x);
        if (target.Length != x.Length)
        {
            throw new ArgumentException($"Expected {x.Length} targets, got {target.Length}.", nameof(target));
        }

        float[] t = tape.Rent(x.Length);
        target.CopyTo(t);
        ReadOnlySpan<float> xs = x.Data;
        double total = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double v = xs[i], y = t[i];
            total += kind switch
            {
                PointwiseKind.SquaredError => (v - y) * (v - y),
                PointwiseKind.BinaryCrossEntropy => -((y * ClampedLog(v)) + ((1 - y) * ClampedLog(1 - v))),
                _ => Math.Max(v, 0) - (v * y) + Math.Log(1 + Math.Exp(-Math.Abs(v))),
            };
        }

        float scale = reduction == Reduction.Mean ? 1f / x.Length : 1f;
        Tensor loss = tape.NewTensor([1]);
        loss.Data[0] = (float)(total * scale);
        if (tape.ShouldRecord(x))
        {
            loss.RequiresGrad = true;
            tape.Record(new DelegateNode(tp =>
            {
                float g = loss.Gradient[0] * scale;
                Span<float> dx = tp.GradientTarget(x, out bool acc);
                ReadOnlySpan<float> values = x.Data;
                for (int i = 0; i < dx.Length; i++)
                {
                    float v = values[i], y = t[i];
                    float d = kind switch
                    {
                        PointwiseKind.SquaredError => 2f * (v - y),
                        // d/dp of −[y log p + (1−y) log(1−p)] = (p − y) / (p(1 − p)), bounded like the clamped log.
                        PointwiseKind.BinaryCrossEntropy => (v - y) / MathF.Max(v * (1f - v), 1e-12f),
                        _ => (1f / (1f + MathF.Exp(-v))) - y,
                    };
                    dx[i] = acc ? dx[i] + (g * d) : g * d;
                }
            }));
        }

        return loss;
    }

    private static double ClampedLog(double v) => v <= 0 ? -100 : Math.Max(Math.Log(v), -100);

    private enum PointwiseKind
    {
        SquaredError,
        BinaryCrossEntropy,
        BinaryCrossEntropyWithLogits,
    }
}

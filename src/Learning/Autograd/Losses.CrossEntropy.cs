using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using OrleansFed.Learning.Tensors;

namespace OrleansFed.Learning.Autograd;

/// <summary>Loss functions. Each returns a one-element tensor and records its backward step.</summary>
public static partial class Losses
{
    /// <summary>Softmax cross-entropy of <paramref name="logits"/> [batch, classes] against integer labels.</summary>
    /// <param name="tape">The recording tape.</param>
    /// <param name="logits">Unnormalised scores [batch, classes].</param>
    /// <param name="labels">One label in [0, classes) per example.</param>
    /// <param name="reduction">Mean or sum over the batch.</param>
    /// <returns>The loss, shape [1].</returns>
    public static Tensor SoftmaxCrossEntropy(Tape tape, Tensor logits, ReadOnlySpan<int> labels, Reduction reduction = Reduction.Mean)
    {
        ArgumentNullException.ThrowIfNull(tape);
        ArgumentNullException.ThrowIfNull(logits);
        if (logits.Rank != 2)
        {
            throw new ArgumentException($"Logits must be [batch, classes], got {logits.ShapeText}.", nameof(logits));
        }

        int batch = logits.Dim(0), classes = logits.Dim(1);
        if (labels.Length != batch)
        {
            throw new ArgumentException($"Expected {batch} labels, got {labels.Length}.", nameof(labels));
        }

        float[] probabilities = tape.Rent(batch * classes);
        float[] targets = tape.Rent(batch);
        double total = 0;
        ReadOnlySpan<float> z = logits.Data;
        for (int i = 0; i < batch; i++)
        {
            int label = labels[i];
            if ((uint)label >= (uint)classes)
            {
                throw new ArgumentOutOfRangeException(nameof(labels), $"Label {label} is outside [0, {classes}).");
            }

            targets[i] = label;
            total += SoftmaxRow(z.Slice(i * classes, classes), probabilities.AsSpan(i * classes, classes), label);
        }

        float scale = reduction == Reduction.Mean ? 1f / batch : 1f;
        Tensor loss = tape.NewTensor([1]);
        loss.Data[0] = (float)(total * scale);
        if (tape.ShouldRecord(logits))
        {
            loss.RequiresGrad = true;
            tape.Record(new DelegateNode(t =>
            {
                float g = loss.Gradient[0] * scale;
                Span<float> dz = t.GradientTarget(logits, out bool acc);
                for (int i = 0; i < batch; i++)
                {
                    int label = (int)targets[i];
                    for (int j = 0; j < classes; j++)
                    {
                        float d = g * (probabilities[(i * classes) + j] - (j == label ? 1f : 0f));
                        int at = (i * classes) + j;
                        dz[at] = acc ? dz[at] + d : d;
                    }
                }
            }));
        }

        return loss;
    }

    /// <summary>Writes softmax(z) into <paramref name="p"/> and returns −log p[label] in double precision.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double SoftmaxRow(ReadOnlySpan<float> z, Span<float> p, int label)
    {
        float max = TensorPrimitives.Max(z);
        TensorPrimitives.Subtract(z, max, p);
        TensorPrimitives.Exp(p, p);
        float sum = TensorPrimitives.Sum(p);
        TensorPrimitives.Multiply(p, 1f / sum, p);
        return Math.Log(sum) - (z[label] - max);
    }
}

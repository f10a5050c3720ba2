namespace OrleansFed.Learning.Autograd;

public static partial class Losses
{
    /// <summary>
    /// The polynomial loss Σ_i Σ_j (a_ij + b_ij·y_ij + c_ij·y_ij²) of the network output y [batch, outputs], with
    /// per-example coefficients, averaged over the batch (Mean) or summed (Sum).
    /// </summary>
    /// <param name="tape">The recording tape.</param>
    /// <param name="output">Network output [batch, outputs].</param>
    /// <param name="coefficients">Coefficients of the same batch and width.</param>
    /// <param name="reduction">Mean over examples, or sum.</param>
    /// <returns>The loss, shape [1].</returns>
    public static Tensor Polynomial(Tape tape, Tensor output, PolynomialCoefficients coefficients, Reduction reduction = Reduction.Mean)
    {
        ArgumentNullException.ThrowIfNull(tape);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(coefficients);
        if (output.Rank != 2 || output.Dim(0) != coefficients.Batch || output.Dim(1) != coefficients.Outputs)
        {
            throw new ArgumentException(
                $"Coefficients for [{coefficients.Batch}, {coefficients.Outputs}] do not fit output {output.ShapeText}.", nameof(coefficients));
        }

        int n = output.Length;
        float[] linear = tape.Rent(n), quadratic = tape.Rent(n);
        coefficients.Linear.CopyTo(linear, 0);
        coefficients.Quadratic.CopyTo(quadratic, 0);
        ReadOnlySpan<float> y = output.Data;
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            double v = y[i];
            total += coefficients.Constant[i] + (linear[i] * v) + (quadratic[i] * v * v);
        }

        float scale = reduction == Reduction.Mean ? 1f / coefficients.Batch : 1f;
        Tensor loss = tape.NewTensor([1]);
        loss.Data[0] = (float)(total * scale);
        if (tape.ShouldRecord(output))
        {
            loss.RequiresGrad = true;
            tape.Record(new DelegateNode(t =>
            {
                float g = loss.Gradient[0] * scale;
                Span<float> dy = t.GradientTarget(output, out bool acc);
                ReadOnlySpan<float> values = output.Data;
                for (int i = 0; i < n; i++)
                {
                    float d = g * (linear[i] + (2f * quadratic[i] * values[i]));
                    dy[i] = acc ? dy[i] + d : d;
                }
            }));
        }

        return loss;
    }
}

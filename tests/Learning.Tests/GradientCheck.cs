using OrleansFed.Learning.Autograd;
using Xunit;

namespace OrleansFed.Learning.Tests;

/// <summary>
/// Finite-difference gradient check in double precision: the engine's float gradients are compared with central
/// differences of a double-precision reference implementation of the same function.
/// </summary>
internal static class GradientCheck
{
    public static double[] Random(int count, int seed, double low = -1, double high = 1, double avoidBelow = 0)
    {
        var r = new Random(seed);
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            double v;
            do
            {
                v = low + ((high - low) * r.NextDouble());
            }
            while (Math.Abs(v) < avoidBelow);

            // Round to float so that the engine and the reference see the same inputs.
            values[i] = (float)v;
        }

        return values;
    }

    public static Tensor ToTensor(double[] values, int[] shape, bool requiresGrad = true) =>
        new(values.Select(v => (float)v).ToArray(), shape) { RequiresGrad = requiresGrad };

    /// <summary>Σ y ⊙ weights on the tape, so that every output element gets a distinct upstream gradient.</summary>
    public static Tensor WeightedSum(Tape tape, Tensor y, double[] weights) =>
        Ops.Sum(tape, Ops.Multiply(tape, y, ToTensor(weights, y.Shape.ToArray(), requiresGrad: false)));

    public static void Check(
        (double[] Values, int[] Shape)[] inputs,
        Func<Tape, Tensor[], Tensor> engine,
        Func<double[][], double> reference,
        int threads = 1, double relativeTolerance = 2e-3, double absoluteTolerance = 2e-5, int maxChecksPerInput = int.MaxValue) =>
        Check(inputs.Select(i => ToTensor(i.Values, i.Shape)).ToArray(), inputs.Select(i => i.Values).ToArray(), engine, reference, threads, relativeTolerance, absoluteTolerance, maxChecksPerInput);

    /// <summary>Checks against existing tensors (e.g. a model's parameters) whose values are <paramref name="initial"/>.</summary>
    public static void Check(
        Tensor[] tensors,
        double[][] initial,
        Func<Tape, Tensor[], Tensor> engine,
        Func<double[][], double> reference,
        int threads = 1, double relativeTolerance = 2e-3, double absoluteTolerance = 2e-5, int maxChecksPerInput = int.MaxValue)
    {
        foreach (Tensor tensor in tensors)
        {
            tensor.RequiresGrad = true;
            tensor.ClearGradient();
        }

        var tape = new Tape(threads);
        Tensor loss = engine(tape, tensors);
        double[][] values = initial.Select(v => (double[])v.Clone()).ToArray();
        double expected = reference(values);
        Assert.True(Math.Abs(loss.Data[0] - expected) <= 1e-4 + (1e-4 * Math.Abs(expected)), $"forward value {loss.Data[0]} vs reference {expected}");
        tape.Backward(loss);
        for (int t = 0; t < tensors.Length; t++)
        {
            float[] analytic = tensors[t].Gradient.ToArray();
            // Large inputs are checked on a seeded sample of their elements (always including the first and last).
            var sample = new Random(t);
            IEnumerable<int> elements = values[t].Length <= maxChecksPerInput
                ? Enumerable.Range(0, values[t].Length)
                : Enumerable.Range(0, maxChecksPerInput - 2).Select(_ => sample.Next(values[t].Length)).Append(0).Append(values[t].Length - 1);
            foreach (int j in elements)
            {
                double original = values[t][j];
                double h = 1e-6 * Math.Max(1, Math.Abs(original));
                values[t][j] = original + h;
                double plus = reference(values);
                values[t][j] = original - h;
                double minus = reference(values);
                values[t][j] = original;
                double numeric = (plus - minus) / (2 * h);
                double error = Math.Abs(analytic[j] - numeric);
                Assert.True(
                    error <= absoluteTolerance + (relativeTolerance * Math.Max(Math.Abs(numeric), Math.Abs(analytic[j]))),
                    $"input {t} element {j}: analytic {analytic[j]} vs numeric {numeric}");
            }
        }
    }
}

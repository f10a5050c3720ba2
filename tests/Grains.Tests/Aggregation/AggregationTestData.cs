using OrleansFed.Grains.Aggregation;
using OrleansFed.Grains.Strategies;

namespace OrleansFed.Grains.Tests.Aggregation;

internal static class AggregationTestData
{
    public static FitResult Result(string id, params float[] weights) => new(id, 10, 0.5f, weights);

    public static FitResult Result(string id, long samples, float loss, params float[] weights) => new(id, samples, loss, weights);

    public static AggregationContext Context(string spec, float[] global, IReadOnlyList<FitResult> results,
        Interfaces.Grains.ServerOptimizerState? state = null) =>
        new(1, global, results, AggregatorSpec.Parse(spec), state);

    /// <summary>Deterministic normal draws (Box–Muller over a seeded Random).</summary>
    public static float[] Normal(Random random, int length, double mean, double std)
    {
        var values = new float[length];
        for (var i = 0; i < length; i++)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            values[i] = (float)(mean + (std * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2)));
        }

        return values;
    }

    public static double Distance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            double d = a[i] - b[i];
            sum += d * d;
        }

        return Math.Sqrt(sum);
    }
}

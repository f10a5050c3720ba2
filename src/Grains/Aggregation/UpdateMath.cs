using System.Globalization;
using System.Numerics.Tensors;
using OrleansFed.Grains.Strategies;

namespace OrleansFed.Grains.Aggregation;

/// <summary>Shared numeric pieces of the aggregation rules: validation, weighted means, distances.</summary>
internal static class UpdateMath
{
    /// <summary>Checks count, equal lengths, positive sample counts; returns the total sample count.</summary>
    public static long Validate(IReadOnlyList<FitResult> results, int length, int minimum, string rule)
    {
        ArgumentNullException.ThrowIfNull(results);
        if (results.Count < Math.Max(1, minimum))
        {
            throw new InsufficientUpdatesException(string.Create(CultureInfo.InvariantCulture,
                $"{rule} needs at least {Math.Max(1, minimum)} updates; {results.Count} arrived."));
        }

        long total = 0;
        foreach (var result in results)
        {
            if (result.Weights.Length != length)
            {
                throw new ArgumentException("All contributions must have the model's length.", nameof(results));
            }

            if (result.SampleCount <= 0)
            {
                throw new ArgumentException("Every contribution needs a positive sample count.", nameof(results));
            }

            total = checked(total + result.SampleCount);
        }

        return total;
    }

    /// <summary>Sample-weighted mean of the weights (FedAvg) into <paramref name="destination"/>; returns the weighted loss.</summary>
    public static double WeightedMean(IReadOnlyList<FitResult> results, long totalSamples, Span<float> destination)
    {
        destination.Clear();
        double loss = 0;
        foreach (var result in results)
        {
            var share = (double)result.SampleCount / totalSamples;
            TensorPrimitives.MultiplyAdd(result.Weights.Span, (float)share, destination, destination);
            loss += share * result.TrainLoss;
        }

        return loss;
    }

    /// <summary>Sample-weighted mean of the reported training losses.</summary>
    public static double WeightedLoss(IReadOnlyList<FitResult> results, long totalSamples)
    {
        double loss = 0;
        foreach (var result in results)
        {
            loss += (double)result.SampleCount / totalSamples * result.TrainLoss;
        }

        return loss;
    }

    /// <summary>Squared L2 distance, accumulated in double so ordering effects stay small and deterministic.</summary>
    public static double SquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            double d = a[i] - b[i];
            sum += d * d;
        }

        return sum;
    }
}

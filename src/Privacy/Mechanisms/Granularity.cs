namespace OrleansFed.Privacy.Mechanisms;

/// <summary>The output grid of the real-valued mechanisms: a power of two far below both sensitivity and noise scale.</summary>
internal static class Granularity
{
    // The grid is 2^20 times finer than the smaller of sensitivity and noise scale: the privacy cost of rounding
    // inputs to it is a relative 2^-20 on the sensitivity, and outputs keep 20 bits below the noise.
    private const int FinenessBits = 20;

    public static double Choose(double sensitivity, double noiseScale, double? requested)
    {
        if (requested is { } g)
        {
            if (!(g > 0) || !double.IsFinite(g) || Math.ScaleB(1.0, Math.ILogB(g)) != g)
            {
                throw new ArgumentOutOfRangeException(nameof(requested), "The granularity must be a positive power of two.");
            }

            return g;
        }

        return Math.ScaleB(1.0, Math.ILogB(Math.Min(sensitivity, noiseScale)) - FinenessBits);
    }

    /// <summary>round(value/Λ), rejecting non-finite input and values the grid cannot carry exactly.</summary>
    public static long ToGrid(double value, double granularity, int index)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"The value at index {index} is not finite.", nameof(value));
        }

        double units = Math.Round(value / granularity, MidpointRounding.ToEven);
        if (Math.Abs(units) > 1L << 52)
        {
            throw new ArgumentOutOfRangeException(nameof(value), $"The value at index {index} is too large for the output grid.");
        }

        return (long)units;
    }
}

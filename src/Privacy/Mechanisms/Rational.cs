using System.Numerics;

namespace OrleansFed.Privacy.Mechanisms;

/// <summary>An exact non-negative rational p/q in lowest terms, for the exact samplers.</summary>
internal readonly record struct Rational
{
    public Rational(BigInteger numerator, BigInteger denominator)
    {
        if (numerator.Sign < 0 || denominator.Sign <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(numerator), "Only non-negative rationals with positive denominators are used.");
        }

        var g = BigInteger.GreatestCommonDivisor(numerator, denominator);
        if (g > 1)
        {
            numerator /= g;
            denominator /= g;
        }

        Numerator = numerator;
        Denominator = denominator;
    }

    public BigInteger Numerator { get; }

    public BigInteger Denominator { get; }

    /// <summary>
    /// A rational with denominator 2^<paramref name="fractionBits"/> (before reduction) rounded in the requested
    /// direction from <paramref name="value"/>: samplers round their parameters in the privacy-conservative direction.
    /// </summary>
    public static Rational FromDouble(double value, int fractionBits, bool roundUp)
    {
        if (!(value >= 0) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), "The value must be finite and non-negative.");
        }

        double scaled = Math.ScaleB(value, fractionBits);
        double rounded = roundUp ? Math.Ceiling(scaled) : Math.Floor(scaled);
        return new Rational(new BigInteger(rounded), BigInteger.One << fractionBits);
    }

    /// <summary>a − b exactly, for finite doubles with a ≥ b.</summary>
    public static Rational ExactDifference(double a, double b)
    {
        if (!double.IsFinite(a) || !double.IsFinite(b) || a < b)
        {
            throw new ArgumentOutOfRangeException(nameof(a), "Both values must be finite and a ≥ b.");
        }

        var (ma, ea) = Decompose(a);
        var (mb, eb) = Decompose(b);
        int common = Math.Min(ea, eb);
        BigInteger numerator = (ma << (ea - common)) - (mb << (eb - common));
        return common >= 0
            ? new Rational(numerator << common, BigInteger.One)
            : new Rational(numerator, BigInteger.One << -common);
    }

    /// <summary>The exact value of a finite, non-negative double.</summary>
    public static Rational Exact(double value) => ExactDifference(value, 0.0);

    public static Rational operator *(Rational left, Rational right) =>
        new(left.Numerator * right.Numerator, left.Denominator * right.Denominator);

    public static Rational operator /(Rational left, Rational right) =>
        right.Numerator.IsZero
            ? throw new DivideByZeroException()
            : new Rational(left.Numerator * right.Denominator, left.Denominator * right.Numerator);

    public double ToDouble() => (double)Numerator / (double)Denominator;

    public BigInteger Floor() => Numerator / Denominator;

    // value = mantissa · 2^exponent exactly, with |mantissa| < 2^53.
    private static (BigInteger Mantissa, int Exponent) Decompose(double value)
    {
        if (value == 0)
        {
            return (BigInteger.Zero, 0);
        }

        long bits = BitConverter.DoubleToInt64Bits(value);
        int biased = (int)((bits >> 52) & 0x7FF);
        long mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (biased == 0)
        {
            biased = 1; // subnormal
        }
        else
        {
            mantissa |= 1L << 52;
        }

        return (bits < 0 ? -mantissa : mantissa, biased - 1075);
    }
}

using System.Numerics;
using OrleansFed.Privacy.Randomness;

namespace OrleansFed.Privacy.Mechanisms;

/// <summary>
/// Exact samplers over the integers from uniform random integers only (Canonne, Kamath and Steinke 2020): Bernoulli(p)
/// and Bernoulli(exp(−γ)) for rational p, γ; the discrete Laplace and discrete Gaussian. No floating-point operation
/// touches the output distribution, so Mironov's floating-point attack has nothing to exploit.
/// </summary>
internal sealed class ExactSampler(RandomSource random)
{
    private readonly RandomSource _random = random ?? throw new ArgumentNullException(nameof(random));

    /// <summary>True with probability numerator/denominator (≤ 1).</summary>
    public bool Bernoulli(BigInteger numerator, BigInteger denominator)
    {
        if (numerator >= denominator)
        {
            return true;
        }

        return _random.NextBigInteger(denominator) < numerator;
    }

    /// <summary>True with probability exp(−γ) for rational γ ≥ 0 (CKS Algorithm 1).</summary>
    public bool BernoulliExpMinus(Rational gamma) => BernoulliExpMinus(gamma.Numerator, gamma.Denominator);

    /// <summary>True with probability exp(−n/d).</summary>
    public bool BernoulliExpMinus(BigInteger numerator, BigInteger denominator)
    {
        // exp(−γ) = exp(−1)^⌊γ⌋ · exp(−(γ − ⌊γ⌋)).
        BigInteger whole = numerator / denominator;
        for (BigInteger i = 0; i < whole; i++)
        {
            if (!BernoulliExpMinusAtMostOne(BigInteger.One, BigInteger.One))
            {
                return false;
            }
        }

        return BernoulliExpMinusAtMostOne(numerator - whole * denominator, denominator);
    }

    /// <summary>Pr[Z = z] ∝ exp(−|z|·s/t): the discrete Laplace of scale t/s (CKS Algorithm 2).</summary>
    public BigInteger DiscreteLaplace(BigInteger s, BigInteger t)
    {
        while (true)
        {
            BigInteger u = _random.NextBigInteger(t);
            if (!BernoulliExpMinus(u, t))
            {
                continue;
            }

            BigInteger v = 0;
            while (BernoulliExpMinusAtMostOne(BigInteger.One, BigInteger.One))
            {
                v++;
            }

            BigInteger y = (u + t * v) / s;
            bool negative = _random.NextBit();
            if (negative && y.IsZero)
            {
                continue;
            }

            return negative ? -y : y;
        }
    }

    /// <summary>Pr[Z = z] ∝ exp(−z²/(2σ²)) for rational σ²: the discrete Gaussian (CKS Algorithm 3).</summary>
    public BigInteger DiscreteGaussian(Rational sigmaSquared)
    {
        BigInteger a = sigmaSquared.Numerator;
        BigInteger b = sigmaSquared.Denominator;
        if (a.IsZero)
        {
            return BigInteger.Zero;
        }

        BigInteger t = IntegerSqrt(a / b) + 1; // ⌊σ⌋ + 1
        BigInteger gammaDenominator = 2 * a * b * t * t;
        while (true)
        {
            BigInteger y = DiscreteLaplace(BigInteger.One, t);
            // γ = (|y| − σ²/t)² / (2σ²) = (|y|·b·t − a)² / (2·a·b·t²).
            BigInteger difference = BigInteger.Abs(y) * b * t - a;
            if (BernoulliExpMinus(difference * difference, gammaDenominator))
            {
                return y;
            }
        }
    }

    internal static BigInteger IntegerSqrt(BigInteger n)
    {
        if (n < 2)
        {
            return n;
        }

        BigInteger x = (BigInteger)Math.Sqrt((double)n);
        while (x * x > n)
        {
            x--;
        }

        while ((x + 1) * (x + 1) <= n)
        {
            x++;
        }

        return x;
    }

    // exp(−γ) for γ ∈ [0, 1]: K = 1, 2, … while Bernoulli(γ/K) succeeds; the result is "K is odd".
    private bool BernoulliExpMinusAtMostOne(BigInteger numerator, BigInteger denominator)
    {
        BigInteger k = 1;
        while (Bernoulli(numerator, denominator * k))
        {
            k++;
        }

        return !k.IsEven;
    }
}

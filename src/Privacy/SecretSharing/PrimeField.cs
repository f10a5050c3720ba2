using System.Runtime.CompilerServices;
using OrleansFed.Privacy.Randomness;

namespace OrleansFed.Privacy.SecretSharing;

/// <summary>
/// Arithmetic in GF(p) for a prime p &lt; 2^63, with a fast path for the Mersenne prime 2^61 − 1
/// (reduction by shift-and-add instead of division).
/// </summary>
public sealed class PrimeField : IEquatable<PrimeField>
{
    private const ulong Mersenne61Modulus = (1UL << 61) - 1;
    private readonly bool _isMersenne61;

    /// <summary>GF(2^61 − 1), the default field for secret sharing.</summary>
    public static PrimeField Mersenne61 { get; } = new(Mersenne61Modulus);

    /// <summary>Creates GF(<paramref name="modulus"/>).</summary>
    /// <param name="modulus">A prime in [3, 2^63).</param>
    /// <exception cref="ArgumentException">The modulus is not prime or out of range.</exception>
    public PrimeField(ulong modulus)
    {
        if (modulus < 3 || modulus >= 1UL << 63)
        {
            throw new ArgumentOutOfRangeException(nameof(modulus), "The modulus must lie in [3, 2^63).");
        }

        if (!IsPrime(modulus))
        {
            throw new ArgumentException($"{modulus} is not prime.", nameof(modulus));
        }

        Modulus = modulus;
        _isMersenne61 = modulus == Mersenne61Modulus;
        BytesPerElement = (64 - System.Numerics.BitOperations.LeadingZeroCount(modulus) - 1) / 8;
    }

    /// <summary>p.</summary>
    public ulong Modulus { get; }

    /// <summary>How many whole bytes always fit below p (7 for 2^61 − 1); 0 when p &lt; 256.</summary>
    public int BytesPerElement { get; }

    /// <summary>Whether <paramref name="value"/> is a canonical element (less than p).</summary>
    /// <param name="value">The value.</param>
    public bool Contains(ulong value) => value < Modulus;

    /// <summary>(a + b) mod p for canonical a, b.</summary>
    /// <param name="a">An element.</param>
    /// <param name="b">An element.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Add(ulong a, ulong b)
    {
        ulong s = a + b; // < 2^64 since both < 2^63
        return s >= Modulus ? s - Modulus : s;
    }

    /// <summary>(a − b) mod p for canonical a, b.</summary>
    /// <param name="a">An element.</param>
    /// <param name="b">An element.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Subtract(ulong a, ulong b) => a >= b ? a - b : a + (Modulus - b);

    /// <summary>(a · b) mod p for canonical a, b.</summary>
    /// <param name="a">An element.</param>
    /// <param name="b">An element.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Multiply(ulong a, ulong b)
    {
        UInt128 product = (UInt128)a * b;
        if (_isMersenne61)
        {
            // 2^61 ≡ 1 (mod p): fold the high bits onto the low ones.
            ulong r = ((ulong)product & Mersenne61Modulus) + (ulong)(product >> 61);
            r = (r & Mersenne61Modulus) + (r >> 61);
            return r >= Mersenne61Modulus ? r - Mersenne61Modulus : r;
        }

        return (ulong)(product % Modulus);
    }

    /// <summary>a^e mod p.</summary>
    /// <param name="a">An element.</param>
    /// <param name="exponent">The exponent.</param>
    public ulong Power(ulong a, ulong exponent)
    {
        ulong result = 1;
        ulong b = a;
        while (exponent != 0)
        {
            if ((exponent & 1) != 0)
            {
                result = Multiply(result, b);
            }

            b = Multiply(b, b);
            exponent >>= 1;
        }

        return result;
    }

    /// <summary>a^(−1) mod p (Fermat).</summary>
    /// <param name="a">A non-zero element.</param>
    public ulong Inverse(ulong a)
    {
        if (a == 0)
        {
            throw new DivideByZeroException("Zero has no inverse in a field.");
        }

        return Power(a, Modulus - 2);
    }

    /// <summary>An element uniform on GF(p).</summary>
    /// <param name="random">The secure source.</param>
    public ulong Random(RandomSource random) => random.NextUInt64(Modulus);

    /// <inheritdoc />
    public bool Equals(PrimeField? other) => other is not null && other.Modulus == Modulus;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as PrimeField);

    /// <inheritdoc />
    public override int GetHashCode() => Modulus.GetHashCode();

    /// <inheritdoc />
    public override string ToString() => $"GF({Modulus})";

    // Deterministic Miller–Rabin: these twelve bases decide primality for every n < 3.3·10^24.
    private static bool IsPrime(ulong n)
    {
        ReadOnlySpan<ulong> bases = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37];
        foreach (ulong p in bases)
        {
            if (n == p)
            {
                return true;
            }

            if (n % p == 0)
            {
                return false;
            }
        }

        ulong d = n - 1;
        int s = System.Numerics.BitOperations.TrailingZeroCount(d);
        d >>= s;
        foreach (ulong a in bases)
        {
            ulong x = PowMod(a, d, n);
            if (x == 1 || x == n - 1)
            {
                continue;
            }

            bool composite = true;
            for (int r = 1; r < s; r++)
            {
                x = (ulong)((UInt128)x * x % n);
                if (x == n - 1)
                {
                    composite = false;
                    break;
                }
            }

            if (composite)
            {
                return false;
            }
        }

        return true;
    }

    private static ulong PowMod(ulong b, ulong e, ulong m)
    {
        ulong result = 1;
        b %= m;
        while (e != 0)
        {
            if ((e & 1) != 0)
            {
                result = (ulong)((UInt128)result * b % m);
            }

            b = (ulong)((UInt128)b * b % m);
            e >>= 1;
        }

        return result;
    }
}

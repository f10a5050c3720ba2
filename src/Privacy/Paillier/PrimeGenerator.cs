using System.Numerics;
using OrleansFed.Privacy.Randomness;

namespace OrleansFed.Privacy.Paillier;

/// <summary>Random probable primes: secure random odd candidates, a small-prime sieve, then Miller–Rabin with random bases.</summary>
internal static class PrimeGenerator
{
    // 2^-2·Rounds bounds the error for any composite; for random candidates it is far smaller.
    private const int Rounds = 32;
    private static readonly int[] SmallPrimes = SievePrimes(4000);

    /// <summary>A prime of exactly <paramref name="bits"/> bits whose two top bits are set (so p·q has 2·bits bits).</summary>
    public static BigInteger Generate(int bits, RandomSource random, IModPowEngine engine)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bits, 64);
        int bytes = (bits + 7) / 8;
        var buffer = new byte[bytes];
        while (true)
        {
            random.Fill(buffer);
            int excess = bytes * 8 - bits;
            buffer[^1] &= (byte)(0xFF >> excess);
            buffer[^1] |= (byte)(0xC0 >> excess); // the two top bits
            buffer[0] |= 1;
            var candidate = new BigInteger(buffer, isUnsigned: true, isBigEndian: false);
            if (IsProbablePrime(candidate, random, engine))
            {
                Array.Clear(buffer);
                return candidate;
            }
        }
    }

    public static bool IsProbablePrime(BigInteger n, RandomSource random, IModPowEngine engine)
    {
        if (n < 2)
        {
            return false;
        }

        foreach (int p in SmallPrimes)
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

        BigInteger d = n - 1;
        int s = 0;
        while (d.IsEven)
        {
            d >>= 1;
            s++;
        }

        for (int round = 0; round < Rounds; round++)
        {
            BigInteger a = 2 + random.NextBigInteger(n - 3); // uniform in [2, n − 2]
            BigInteger x = engine.ModPow(a, d, n);
            if (x.IsOne || x == n - 1)
            {
                continue;
            }

            bool witness = true;
            for (int r = 1; r < s; r++)
            {
                x = x * x % n;
                if (x == n - 1)
                {
                    witness = false;
                    break;
                }
            }

            if (witness)
            {
                return false;
            }
        }

        return true;
    }

    private static int[] SievePrimes(int limit)
    {
        var composite = new bool[limit + 1];
        var primes = new List<int>();
        for (int i = 2; i <= limit; i++)
        {
            if (composite[i])
            {
                continue;
            }

            primes.Add(i);
            for (long j = (long)i * i; j <= limit; j += i)
            {
                composite[j] = true;
            }
        }

        return [.. primes];
    }
}

using System.Numerics;

namespace OrleansFed.Privacy.Paillier;

/// <summary>GMP's mpz_powm (public exponents) and mpz_powm_sec (secret exponents) through P/Invoke.</summary>
internal sealed unsafe class GmpModPowEngine : IModPowEngine
{
    private GmpModPowEngine()
    {
    }

    /// <summary>The engine, or null when libgmp is not installed.</summary>
    public static GmpModPowEngine? Instance { get; } = GmpNative.IsAvailable ? new GmpModPowEngine() : null;

    public ModPowBackend Backend => ModPowBackend.Gmp;

    public BigInteger ModPow(BigInteger value, BigInteger exponent, BigInteger modulus) => Run(value, exponent, modulus, secure: false);

    public BigInteger ModPowSecret(BigInteger value, BigInteger exponent, BigInteger modulus) =>
        exponent.Sign > 0 && !modulus.IsEven ? Run(value, exponent, modulus, secure: true) : Run(value, exponent, modulus, secure: false);

    private static BigInteger Run(BigInteger value, BigInteger exponent, BigInteger modulus, bool secure)
    {
        if (value.Sign < 0 || exponent.Sign < 0 || modulus.Sign <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "GMP exponentiation here takes non-negative operands and a positive modulus.");
        }

        var b = default(GmpNative.Mpz);
        var e = default(GmpNative.Mpz);
        var m = default(GmpNative.Mpz);
        var r = default(GmpNative.Mpz);
        GmpNative.Init(ref b);
        GmpNative.Init(ref e);
        GmpNative.Init(ref m);
        GmpNative.Init(ref r);
        try
        {
            Load(ref b, value);
            Load(ref e, exponent);
            Load(ref m, modulus);
            if (secure)
            {
                GmpNative.PowModSecure(ref r, ref b, ref e, ref m);
            }
            else
            {
                GmpNative.PowMod(ref r, ref b, ref e, ref m);
            }

            return Store(ref r);
        }
        finally
        {
            GmpNative.Clear(ref b);
            GmpNative.Clear(ref e);
            GmpNative.Clear(ref m);
            GmpNative.Clear(ref r);
        }
    }

    private static void Load(ref GmpNative.Mpz target, BigInteger value)
    {
        int length = value.GetByteCount(isUnsigned: true);
        Span<byte> bytes = length <= 1024 ? stackalloc byte[length] : new byte[length];
        value.TryWriteBytes(bytes, out int written, isUnsigned: true, isBigEndian: false);
        fixed (byte* data = bytes)
        {
            GmpNative.Import(ref target, (nuint)written, -1, 1, 0, 0, data);
        }

        bytes.Clear();
    }

    private static BigInteger Store(ref GmpNative.Mpz value)
    {
        int length = (int)((GmpNative.SizeInBase(ref value, 2) + 7) / 8);
        Span<byte> bytes = length <= 1024 ? stackalloc byte[length] : new byte[length];
        nuint count;
        fixed (byte* data = bytes)
        {
            GmpNative.Export(data, out count, -1, 1, 0, 0, ref value);
        }

        var result = new BigInteger(bytes[..(int)count], isUnsigned: true, isBigEndian: false);
        bytes.Clear();
        return result;
    }
}

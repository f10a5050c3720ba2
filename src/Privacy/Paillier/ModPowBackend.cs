namespace OrleansFed.Privacy.Paillier;

/// <summary>Which big-integer engine computes the modular exponentiations of Paillier.</summary>
public enum ModPowBackend
{
    /// <summary>GMP when libgmp.so.10 can be loaded, otherwise <see cref="Managed"/>.</summary>
    Auto,

    /// <summary>GMP's mpz_powm / mpz_powm_sec through P/Invoke (about 10× faster); fails if the library is absent.</summary>
    Gmp,

    /// <summary><see cref="System.Numerics.BigInteger.ModPow"/>: always available, slower, not constant-time.</summary>
    Managed,
}

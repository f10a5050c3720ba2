using System.Numerics;
using BenchmarkDotNet.Attributes;
using OrleansFed.Privacy.Paillier;
using OrleansFed.Privacy.Randomness;

namespace OrleansFed.Benchmarks.Privacy;

/// <summary>Paillier 2048-bit operations with GMP (mpz_powm) and with BigInteger.ModPow.</summary>
[InProcess]
[WarmupCount(1)]
[IterationCount(3)]
public class PaillierBenchmarks
{
    private PaillierKeyPair _keys = null!;
    private readonly AesCtrRandomSource _random = new();
    private PaillierCiphertext _ciphertext = null!;
    private PaillierPacker _packer = null!;
    private long[] _model = [];

    [Params(ModPowBackend.Gmp, ModPowBackend.Managed)]
    public ModPowBackend Backend { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _keys = PaillierKeyPair.Generate(2048, _random, Backend);
        var publicKey = _keys.PublicKey;
        _ciphertext = publicKey.Encrypt(12345, _random);
        // 16-bit quantized values summed over 100 parties.
        _packer = new PaillierPacker(publicKey, valueBits: 16, maxSummands: 100);
        _model = Enumerable.Range(0, _packer.SlotsPerPlaintext).Select(i => (long)(i * 97 % 60000) - 30000).ToArray();
        Console.WriteLine($"// values per ciphertext (16-bit values, 100 parties, 2048-bit n): {_packer.SlotsPerPlaintext}");
    }

    /// <summary>E(m) = (1 + m·n)·r^n mod n².</summary>
    [Benchmark]
    public PaillierCiphertext Encrypt() => _keys.PublicKey.Encrypt(BigInteger.One << 1000, _random);

    /// <summary>E(m) = (1 + m·n)·h_s^α mod n², α of 1024 bits.</summary>
    [Benchmark]
    public PaillierCiphertext EncryptWithPrecomputedBase() => _keys.PublicKey.EncryptWithPrecomputedBase(BigInteger.One << 1000, _random);

    /// <summary>One plaintext carrying <see cref="PaillierPacker.SlotsPerPlaintext"/> packed values.</summary>
    [Benchmark]
    public PaillierCiphertext[] EncryptPackedPlaintext() => _packer.Encrypt(_model, _random);

    /// <summary>CRT decryption (mpz_powm_sec with GMP).</summary>
    [Benchmark]
    public BigInteger DecryptCrt() => _keys.PrivateKey.Decrypt(_ciphertext);

    /// <summary>Homomorphic addition: one multiplication mod n².</summary>
    [Benchmark]
    public PaillierCiphertext Add() => _keys.PublicKey.Add(_ciphertext, _ciphertext);
}

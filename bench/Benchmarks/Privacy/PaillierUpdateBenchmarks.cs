using System.Numerics;
using BenchmarkDotNet.Attributes;
using OrleansFed.Privacy.Paillier;
using OrleansFed.Privacy.Randomness;

namespace OrleansFed.Benchmarks.Privacy;

/// <summary>
/// The per-round costs of the <c>paillier</c> privacy mode for the logistic-regression model (7,850 parameters), with
/// the mode's default encoding (49-bit values, 1000 summands: 34 values per 2048-bit ciphertext, 231 ciphertexts per
/// update): one participant encrypting its update, the silo accepting one update (unit check + multiplication into
/// the sum, as the round grain does), and the key holder decrypting and unpacking the sum of six updates.
/// </summary>
[InProcess]
[WarmupCount(1)]
[IterationCount(3)]
[InvocationCount(1)]
public class PaillierUpdateBenchmarks
{
    private const int Values = 7850 + 2;
    private readonly AesCtrRandomSource _random = new();
    private PaillierKeyPair _keys = null!;
    private PaillierPacker _packer = null!;
    private long[] _update = [];
    private PaillierCiphertext[] _encrypted = [];
    private PaillierCiphertext[] _sum = [];

    [GlobalSetup]
    public void Setup()
    {
        _keys = PaillierKeyPair.Generate(2048, _random, ModPowBackend.Gmp);
        // Each participant computes its own precomputed base from n alone.
        var received = new PaillierPublicKey(_keys.PublicKey.Modulus, null, ModPowBackend.Gmp);
        var publicKey = new PaillierPublicKey(received.Modulus, received.CreatePrecomputedBase(_random), ModPowBackend.Gmp);
        _packer = new PaillierPacker(publicKey, valueBits: 49, maxSummands: 1000);
        _update = Enumerable.Range(0, Values).Select(i => (long)((i * 7919L % 2_000_000_001L) - 1_000_000_000L) * 30_000).ToArray();
        _encrypted = _packer.Encrypt(_update, _random);
        _sum = _encrypted;
        for (var p = 1; p < 6; p++)
        {
            _sum = [.. _sum.Zip(_packer.Encrypt(_update, _random), publicKey.Add)];
        }

        Console.WriteLine($"// values per ciphertext: {_packer.SlotsPerPlaintext}; ciphertexts per update: {_encrypted.Length}");
    }

    /// <summary>One participant: pack and encrypt a whole update.</summary>
    [Benchmark]
    public PaillierCiphertext[] EncryptUpdate() => _packer.Encrypt(_update, _random);

    /// <summary>The silo: check each ciphertext is a unit of Z_(n²) and multiply it into the running sum.</summary>
    [Benchmark]
    public BigInteger AcceptUpdate()
    {
        var n = _keys.PublicKey.Modulus;
        var n2 = _keys.PublicKey.ModulusSquared;
        BigInteger last = BigInteger.Zero;
        for (var k = 0; k < _encrypted.Length; k++)
        {
            var c = _encrypted[k].Value;
            if (!BigInteger.GreatestCommonDivisor(c, n).IsOne)
            {
                throw new InvalidOperationException("not a unit");
            }

            last = _sum[k].Value * c % n2;
        }

        return last;
    }

    /// <summary>The key holder: decrypt the sum of six updates (CRT) and unpack it.</summary>
    [Benchmark]
    public long[] DecryptSum()
    {
        var plaintexts = new BigInteger[_sum.Length];
        for (var k = 0; k < _sum.Length; k++)
        {
            plaintexts[k] = _keys.PrivateKey.Decrypt(_sum[k]);
        }

        var sums = new long[Values];
        _packer.UnpackSum(plaintexts, 6, sums);
        return sums;
    }
}

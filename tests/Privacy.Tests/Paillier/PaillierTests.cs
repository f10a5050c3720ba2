using System.Numerics;
using OrleansFed.Privacy.Paillier;
using OrleansFed.Privacy.Randomness;
using OrleansFed.Privacy.Tests.Support;

namespace OrleansFed.Privacy.Tests.Paillier;

public sealed class PaillierTests(PaillierKeys keys) : IClassFixture<PaillierKeys>
{
    private readonly AesCtrRandomSource _random = new(Statistics.Seed(405));

    [Fact]
    public void Generated_2048_bit_key_has_an_exact_size_modulus_and_round_trips_extreme_plaintexts()
    {
        var pk = keys.Full.PublicKey;
        Assert.Equal(2048, pk.Bits);
        Assert.NotNull(pk.PrecomputedBase);
        foreach (var m in new[] { BigInteger.Zero, BigInteger.One, pk.Modulus - 1, pk.Modulus / 3 })
        {
            Assert.Equal(m, keys.Full.PrivateKey.Decrypt(pk.Encrypt(m, _random)));
            Assert.Equal(m, keys.Full.PrivateKey.Decrypt(pk.EncryptWithPrecomputedBase(m, _random)));
        }
    }

    [Fact]
    public void Encryption_is_randomized()
    {
        var pk = keys.Small.PublicKey;
        var a = pk.Encrypt(42, _random);
        var b = pk.Encrypt(42, _random);
        Assert.NotEqual(a, b);
        var c = pk.Rerandomize(a, _random);
        Assert.NotEqual(a, c);
        Assert.Equal(new BigInteger(42), keys.Small.PrivateKey.Decrypt(c));
    }

    [Fact]
    public void Homomorphic_addition_and_plaintext_operations_follow_integer_arithmetic_mod_n()
    {
        var pk = keys.Small.PublicKey;
        var sk = keys.Small.PrivateKey;
        var a = pk.Encrypt(1000, _random);
        var b = pk.Encrypt(pk.Reduce(-250), _random);

        Assert.Equal(new BigInteger(750), sk.DecryptSigned(pk.Add(a, b)));
        Assert.Equal(new BigInteger(-3000), sk.DecryptSigned(pk.MultiplyPlaintext(a, -3)));
        Assert.Equal(new BigInteger(1007), sk.DecryptSigned(pk.AddPlaintext(a, 7)));
        Assert.Equal(pk.Modulus - 1, sk.Decrypt(pk.AddPlaintext(pk.Encrypt(0, _random), -1)));
    }

    [Fact]
    public void Invalid_plaintexts_and_ciphertexts_are_rejected()
    {
        var pk = keys.Small.PublicKey;
        Assert.Throws<ArgumentOutOfRangeException>(() => pk.Encrypt(pk.Modulus, _random));
        Assert.Throws<ArgumentOutOfRangeException>(() => pk.Encrypt(-1, _random));
        Assert.Throws<ArgumentException>(() => keys.Small.PrivateKey.Decrypt(new PaillierCiphertext(0)));
        Assert.Throws<ArgumentException>(() => keys.Small.PrivateKey.Decrypt(new PaillierCiphertext(pk.ModulusSquared)));
        Assert.Throws<ArgumentException>(() => keys.Small.PrivateKey.Decrypt(new PaillierCiphertext(pk.Modulus)));
        Assert.Throws<ArgumentException>(() => pk.Add(new PaillierCiphertext(pk.ModulusSquared + 1), pk.Encrypt(1, _random)));
    }

    [Fact]
    public void Production_keys_below_2048_bits_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PaillierKeyPair.Generate(1024));
        Assert.Throws<ArgumentException>(() => new PaillierPublicKey(keys.Small.PublicKey.Modulus));
    }

    [Fact]
    public void Ciphertexts_survive_their_binary_form()
    {
        var c = keys.Small.PublicKey.Encrypt(123456789, _random);
        Assert.Equal(c, PaillierCiphertext.FromBytes(c.ToBytes()));
    }

    [Fact]
    public void Fixed_point_encoding_sums_signed_floats_under_encryption()
    {
        var pk = keys.Small.PublicKey;
        var codec = new PaillierFixedPoint(pk, 1 << 30);
        double[] values = [0.125, -3.75, 2.5e-3, 1000.0625];
        var sum = codec.Encrypt(values[0], _random);
        foreach (double v in values.Skip(1))
        {
            sum = pk.Add(sum, codec.Encrypt(v, _random));
        }

        double decoded = codec.Decode(keys.Small.PrivateKey.Decrypt(sum));
        Assert.InRange(Math.Abs(decoded - values.Sum()), 0, 4.0 / (1 << 30));
        Assert.Equal(-7.5, codec.Decode(keys.Small.PrivateKey.Decrypt(pk.MultiplyPlaintext(codec.Encrypt(-3.75, _random), 2))));
        Assert.Equal(-1.5, codec.Decode(keys.Small.PrivateKey.Decrypt(pk.MultiplyPlaintext(pk.Encrypt(codec.Encode(-3.0), _random), codec.Encode(0.5))), 2));
    }

    [Fact]
    public void Packed_vectors_of_many_parties_sum_exactly_with_far_fewer_ciphertexts_than_values()
    {
        var pk = keys.Small.PublicKey;
        var packer = new PaillierPacker(pk, valueBits: 16, maxSummands: 10);
        const int d = 500;
        var rng = new Random(5);
        var expected = new long[d];
        PaillierCiphertext[]? total = null;
        for (int party = 0; party < 10; party++)
        {
            var values = new long[d];
            for (int i = 0; i < d; i++)
            {
                values[i] = i < 3 ? (party % 2 == 0 ? packer.Offset : -packer.Offset) : rng.Next(-32767, 32768);
                expected[i] += values[i];
            }

            var encrypted = packer.Encrypt(values, _random);
            total = total is null ? encrypted : [.. total.Zip(encrypted, pk.Add)];
        }

        Assert.True(total!.Length < d / 20, $"{total.Length} ciphertexts for {d} values");
        var sums = total.Select(keys.Small.PrivateKey.Decrypt).ToArray();
        var actual = new long[d];
        packer.UnpackSum(sums, 10, actual);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void A_2048_bit_key_packs_over_80_sixteen_bit_values_for_100_parties()
    {
        var packer = new PaillierPacker(keys.Full.PublicKey, valueBits: 16, maxSummands: 100);
        Assert.Equal(23, packer.SlotBits); // 2·32767·100 < 2^23
        Assert.Equal(2047 / 23, packer.SlotsPerPlaintext);
        Assert.Equal(1124, packer.PlaintextsFor(100_000));
    }

    [Fact]
    public void Packing_rejects_values_outside_the_slot_range()
    {
        var packer = new PaillierPacker(keys.Small.PublicKey, valueBits: 8, maxSummands: 4);
        Assert.Throws<ArgumentOutOfRangeException>(() => packer.Pack([0, 128]));
        Assert.Throws<ArgumentOutOfRangeException>(() => packer.UnpackSum([BigInteger.Zero], 5, new long[1]));
    }

    [Fact]
    public void Gmp_and_managed_engines_agree_and_decrypt_each_others_ciphertexts()
    {
        if (!ModPowEngines.IsGmpAvailable)
        {
            return; // libgmp10 absent: only the managed path exists, and every other test already runs it.
        }

        var gmp = ModPowEngines.Resolve(ModPowBackend.Gmp);
        var managed = ModPowEngines.Resolve(ModPowBackend.Managed);
        var modulus = keys.Small.PublicKey.ModulusSquared;
        for (int i = 0; i < 6; i++)
        {
            var b = _random.NextBigInteger(modulus);
            var e = _random.NextBigInteger(modulus) + 1;
            Assert.Equal(managed.ModPow(b, e, modulus), gmp.ModPow(b, e, modulus));
            Assert.Equal(managed.ModPowSecret(b, e, modulus), gmp.ModPowSecret(b, e, modulus));
        }

        Assert.Equal(BigInteger.Zero, gmp.ModPow(0, 5, 7));
        Assert.Equal(BigInteger.One, gmp.ModPow(3, 0, 7));

        var n = keys.Small.PublicKey.Modulus;
        var managedKey = new PaillierPublicKey(n, null, ModPowBackend.Managed, 512);
        Assert.Equal(ModPowBackend.Managed, managedKey.Backend);
        Assert.Equal(ModPowBackend.Gmp, keys.Small.PublicKey.Backend);
        Assert.Equal(new BigInteger(99), keys.Small.PrivateKey.Decrypt(managedKey.Encrypt(99, _random)));
    }

    [Fact]
    public void Managed_backend_generates_working_keys()
    {
        var pair = PaillierKeyPair.Generate(768, _random, ModPowBackend.Managed, minimumBits: 512);
        Assert.Equal(ModPowBackend.Managed, pair.PublicKey.Backend);
        var c = pair.PublicKey.Add(pair.PublicKey.Encrypt(20, _random), pair.PublicKey.EncryptWithPrecomputedBase(22, _random));
        Assert.Equal(new BigInteger(42), pair.PrivateKey.Decrypt(c));
    }

    [Theory]
    [InlineData("2305843009213693951", true)] // 2^61 − 1
    [InlineData("170141183460469231731687303715884105727", true)] // 2^127 − 1
    [InlineData("561", false)] // Carmichael
    [InlineData("4951760154835678088235319297", false)] // (2^61 − 1)(2^31 − 1)
    [InlineData("3825123056546413051", false)] // strong pseudoprime to bases 2…23
    public void Miller_rabin_classifies_known_primes_and_composites(string number, bool prime) =>
        Assert.Equal(prime, PrimeGenerator.IsProbablePrime(BigInteger.Parse(number, System.Globalization.CultureInfo.InvariantCulture), _random, ModPowEngines.Resolve(ModPowBackend.Auto)));
}

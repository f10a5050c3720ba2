using System.Numerics;
using OrleansFed.Client.Participant;
using OrleansFed.Client.Participant.Paillier;
using OrleansFed.Interfaces.Paillier;
using OrleansFed.Interfaces.Wire;
using OrleansFed.Privacy.Paillier;
using OrleansFed.Privacy.Randomness;
using Xunit;

namespace OrleansFed.Client.Tests;

/// <summary>The participant's fixed-point encoding and the key holder's decryption of a packed, homomorphic sum.</summary>
public sealed class PaillierCodecTests
{
    private static readonly PaillierEncoding s_encoding = new(20, 128, 1L << 20, 1000, 49);
    private static readonly Lazy<PaillierKeyPair> s_key = new(() => PaillierKeyPair.GenerateInsecureTestKey(512, new AesCtrRandomSource(new byte[16])));

    [Fact]
    public void The_decrypted_average_equals_the_fixed_point_average_exactly_and_the_plain_average_to_half_a_step()
    {
        const int d = 301;
        long[] samples = [1200, 30000, 3000, 1200, 12000, 300]; // PriDe's six unequal parties
        var random = new Random(5);
        var weights = samples.Select(_ => Enumerable.Range(0, d).Select(_ => (float)((random.NextDouble() * 8) - 4)).ToArray()).ToArray();
        var losses = new[] { 0.5, 1.25, 2.0, 0.125, 0.75, 3.5 };
        var key = s_key.Value;
        var packer = new PaillierPacker(key.PublicKey, s_encoding.ValueBits, s_encoding.MaxSummands);
        var rng = new CryptoRandomSource();
        PaillierCiphertext[]? sum = null;
        for (var i = 0; i < samples.Length; i++)
        {
            var ciphertexts = packer.Encrypt(PaillierUpdateCodec.Encode(weights[i], losses[i], samples[i], s_encoding), rng);
            sum = sum is null ? ciphertexts : [.. sum.Zip(ciphertexts, key.PublicKey.Add)];
        }

        var task = new PaillierTask
        {
            Action = PaillierAction.Decrypt, KeyHolder = "p1", Bits = 512, Encoding = s_encoding, ParameterCount = d, Ciphertexts = sum!.Length,
        };
        var average = ParticipantNode.DecryptAverage(key, task, 3, 2, Blob(sum, 3, 2, samples.Length, key));

        var total = samples.Sum();
        Assert.Equal(total, average.SampleCount);
        Assert.Equal(3, average.Round);
        var scale = new BigInteger(1 << 20);
        for (var j = 0; j < d; j++)
        {
            // Exact: Σ n_i·round(w_ij·2^20), computed independently in BigInteger, divided once.
            var exact = samples.Select((n, i) => n * new BigInteger(Math.Round(weights[i][j] * 1048576.0, MidpointRounding.ToEven))).Aggregate(BigInteger.Add);
            Assert.Equal((float)((double)exact / ((double)scale * total)), average.Weights.Span[j]);
            var plain = samples.Select((n, i) => n * (double)weights[i][j]).Sum() / total;
            Assert.True(Math.Abs(average.Weights.Span[j] - plain) <= Math.Pow(2, -21) + 5e-7, $"weight {j}");
        }

        var plainLoss = samples.Select((n, i) => n * losses[i]).Sum() / total;
        Assert.Equal(plainLoss, average.TrainLoss, 5);
    }

    [Fact]
    public void Encode_packs_weighted_weights_then_the_loss_then_n()
    {
        var values = PaillierUpdateCodec.Encode([0.5f, -0.25f, 1e-7f], 2.0, 3, s_encoding);

        Assert.Equal([3L * 524288, 3L * -262144, 0, 3L * 2097152, 3], values);
        Assert.Equal(5, PaillierUpdateCodec.PackedLength(3));
    }

    [Theory]
    [InlineData(128.5f, 1)]
    [InlineData(float.NaN, 1)]
    [InlineData(float.PositiveInfinity, 1)]
    [InlineData(1f, 0)]
    [InlineData(1f, (1L << 20) + 1)]
    public void Encode_refuses_weights_or_sample_counts_outside_the_encodable_range(float weight, long samples) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PaillierUpdateCodec.Encode([0f, weight], 0.5, samples, s_encoding));

    [Fact]
    public void A_loss_outside_the_range_is_clamped_because_it_only_feeds_the_reported_loss()
    {
        Assert.Equal(2L * 128 * 1048576, PaillierUpdateCodec.Encode([0f], 1e9, 2, s_encoding)[1]);
        Assert.Equal(0, PaillierUpdateCodec.Encode([0f], -3, 2, s_encoding)[1]);
        Assert.Equal(2L * 128 * 1048576, PaillierUpdateCodec.Encode([0f], double.NaN, 2, s_encoding)[1]);
    }

    [Fact]
    public void The_key_holder_refuses_a_sum_of_the_wrong_shape_or_that_is_no_sum_of_packed_updates()
    {
        var key = s_key.Value;
        var packer = new PaillierPacker(key.PublicKey, s_encoding.ValueBits, s_encoding.MaxSummands);
        var rng = new CryptoRandomSource();
        var good = packer.Encrypt(PaillierUpdateCodec.Encode(new float[20], 0.5, 7, s_encoding), rng);
        var task = new PaillierTask { Action = PaillierAction.Decrypt, KeyHolder = "p1", Bits = 512, Encoding = s_encoding, ParameterCount = 20, Ciphertexts = good.Length };

        Assert.Throws<InvalidDataException>(() => ParticipantNode.DecryptAverage(key, task, 1, 1, Blob(good, 2, 1, 1, key)));
        Assert.Throws<InvalidDataException>(() => ParticipantNode.DecryptAverage(key, task, 1, 1, Blob(good[1..], 1, 1, 1, key)));
        var garbage = good.ToArray();
        garbage[0] = key.PublicKey.Encrypt(key.PublicKey.Modulus - 1, rng); // bits beyond the last slot
        Assert.Throws<InvalidDataException>(() => ParticipantNode.DecryptAverage(key, task, 1, 1, Blob(garbage, 1, 1, 1, key)));
        Assert.Equal(7, ParticipantNode.DecryptAverage(key, task, 1, 1, Blob(good, 1, 1, 1, key)).SampleCount);
    }

    private static PaillierBlob Blob(PaillierCiphertext[] ciphertexts, int round, int attempt, int summands, PaillierKeyPair key)
    {
        var width = (int)((key.PublicKey.ModulusSquared.GetBitLength() + 7) / 8);
        var bytes = new byte[width * ciphertexts.Length];
        for (var k = 0; k < ciphertexts.Length; k++)
        {
            var value = ciphertexts[k].Value;
            var length = value.GetByteCount(isUnsigned: true);
            value.TryWriteBytes(bytes.AsSpan((k * width) + width - length, length), out _, isUnsigned: true, isBigEndian: true);
        }

        return new PaillierBlob(round, attempt, summands, width, bytes);
    }
}

using OrleansFed.Privacy.Randomness;
using OrleansFed.Privacy.SecretSharing;
using OrleansFed.Privacy.Tests.Support;

namespace OrleansFed.Privacy.Tests.SecretSharing;

public sealed class ShamirTests
{
    private static readonly PrimeField Gf1613 = new(1613);

    [Fact]
    public void Textbook_example_over_gf_1613_gives_the_published_shares_and_reconstructs_1234()
    {
        // f(x) = 1234 + 166x + 94x² over GF(1613).
        var shares = ShamirSecretSharing.Evaluate(Gf1613, [1234, 166, 94], [1, 2, 3]);

        Assert.Equal([new ShamirShare(1, 1494), new ShamirShare(2, 329), new ShamirShare(3, 965)], shares);
        Assert.Equal(1234UL, new ShamirSecretSharing(Gf1613, 3).Reconstruct(shares));
    }

    [Fact]
    public void Any_t_of_n_shares_reconstruct_the_secret_over_the_mersenne_field()
    {
        using var random = new AesCtrRandomSource(Statistics.Seed(10));
        var scheme = new ShamirSecretSharing(PrimeField.Mersenne61, 3);
        ulong secret = (1UL << 61) - 2;
        var shares = scheme.Split(secret, 6, random);

        for (int a = 0; a < 6; a++)
        {
            for (int b = a + 1; b < 6; b++)
            {
                for (int c = b + 1; c < 6; c++)
                {
                    Assert.Equal(secret, scheme.Reconstruct([shares[c], shares[a], shares[b]]));
                }
            }
        }

        Assert.Equal(secret, scheme.Reconstruct(shares));
    }

    [Fact]
    public void Fewer_than_t_shares_are_refused()
    {
        var scheme = new ShamirSecretSharing(Gf1613, 3);
        var ex = Assert.Throws<InsufficientSharesException>(() => scheme.Reconstruct([new(1, 1494), new(2, 329)]));
        Assert.Equal(3, ex.Threshold);
        Assert.Equal(2, ex.Offered);
    }

    [Theory]
    [InlineData(0UL, 5UL, ShareDefect.ZeroX)]
    [InlineData(1613UL, 5UL, ShareDefect.OutOfField)]
    [InlineData(4UL, 1613UL, ShareDefect.OutOfField)]
    [InlineData(2UL, 329UL, ShareDefect.DuplicateX)]
    [InlineData(4UL, 5UL, ShareDefect.Inconsistent)]
    public void Malformed_shares_are_rejected_with_the_precise_defect(ulong x, ulong y, ShareDefect defect)
    {
        var scheme = new ShamirSecretSharing(Gf1613, 3);
        ShamirShare[] shares = [new(1, 1494), new(2, 329), new(3, 965), new(x, y)];
        var ex = Assert.Throws<InvalidShareException>(() => scheme.Reconstruct(shares));
        Assert.Equal(defect, ex.Defect);
    }

    [Fact]
    public void A_consistent_extra_share_is_accepted()
    {
        var scheme = new ShamirSecretSharing(Gf1613, 3);
        var four = ShamirSecretSharing.Evaluate(Gf1613, [1234, 166, 94], [1, 2, 3, 4]);
        Assert.Equal(1234UL, scheme.Reconstruct(four));
    }

    [Fact]
    public void Non_prime_moduli_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new PrimeField(1611));
        Assert.Throws<ArgumentException>(() => new PrimeField((1UL << 61) + 1));
    }

    [Fact]
    public void Mersenne_fast_reduction_agrees_with_generic_reduction()
    {
        var rng = new Random(7);
        var field = PrimeField.Mersenne61;
        ulong p = field.Modulus;
        for (int i = 0; i < 10_000; i++)
        {
            ulong a = (ulong)rng.NextInt64(0, (long)p);
            ulong b = (ulong)rng.NextInt64(0, (long)p);
            Assert.Equal((ulong)((UInt128)a * b % p), field.Multiply(a, b));
        }

        Assert.Equal(1UL, field.Multiply(p - 1, p - 1));
        Assert.Equal(1UL, field.Multiply(12345, field.Inverse(12345)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(16)]
    [InlineData(32)]
    [InlineData(33)]
    public void Byte_string_secrets_round_trip_through_shares_and_their_binary_form(int length)
    {
        using var random = new AesCtrRandomSource(Statistics.Seed(11));
        var scheme = new ShamirSecretSharing(PrimeField.Mersenne61, 3);
        var secret = new byte[length];
        random.Fill(secret);
        var shares = scheme.SplitBytes(secret, [5, 9, 2, 7], random);
        var transported = shares.Select(s => ShamirByteShare.FromBytes(s.ToBytes())).ToArray();

        Assert.Equal(secret, scheme.ReconstructBytes([transported[3], transported[1], transported[0]]));
        Assert.Equal(secret, scheme.ReconstructBytes(transported));
    }

    [Fact]
    public void Byte_shares_over_a_small_prime_field_carry_one_byte_per_element()
    {
        using var random = new AesCtrRandomSource(Statistics.Seed(12));
        var scheme = new ShamirSecretSharing(Gf1613, 2);
        byte[] secret = [0, 255, 17, 128];
        var shares = scheme.SplitBytes(secret, [1, 2, 3], random);
        Assert.Equal(4, shares[0].Values.Length);
        Assert.Equal(secret, scheme.ReconstructBytes([shares[2], shares[0]]));
    }

    [Fact]
    public void Byte_shares_of_different_shapes_are_rejected()
    {
        using var random = new AesCtrRandomSource(Statistics.Seed(13));
        var scheme = new ShamirSecretSharing(PrimeField.Mersenne61, 2);
        var a = scheme.SplitBytes(new byte[16], [1, 2], random);
        var b = scheme.SplitBytes(new byte[20], [3, 4], random);
        var ex = Assert.Throws<InvalidShareException>(() => scheme.ReconstructBytes([a[0], b[0]]));
        Assert.Equal(ShareDefect.MismatchedShape, ex.Defect);
        Assert.Throws<InvalidShareException>(() => ShamirByteShare.FromBytes(new byte[20]));
    }

    [Fact]
    public void Splitting_at_zero_or_duplicate_points_is_refused()
    {
        using var random = new AesCtrRandomSource(Statistics.Seed(14));
        var scheme = new ShamirSecretSharing(Gf1613, 2);
        Assert.Equal(ShareDefect.ZeroX, Assert.Throws<InvalidShareException>(() => scheme.Split(5, [0, 1, 2], random)).Defect);
        Assert.Equal(ShareDefect.DuplicateX, Assert.Throws<InvalidShareException>(() => scheme.Split(5, [1, 1, 2], random)).Defect);
        Assert.Throws<ArgumentOutOfRangeException>(() => scheme.Split(1613, [1, 2], random));
    }

    [Fact]
    public void Any_t_minus_1_shares_are_uniform_whatever_the_secret()
    {
        // t = 3 over GF(1613): the pair of shares at x = 1, 2 must be uniform on GF(p)², for secret 0 and secret 1234 alike.
        using var random = new AesCtrRandomSource(Statistics.Seed(15));
        var scheme = new ShamirSecretSharing(Gf1613, 3);
        const int bins = 20;
        const int draws = 100_000;
        var binSize = new double[bins];
        for (ulong v = 0; v < 1613; v++)
        {
            binSize[(int)(v * bins / 1613)]++;
        }

        foreach (ulong secret in new ulong[] { 0, 1234 })
        {
            var observed = new double[bins * bins];
            for (int i = 0; i < draws; i++)
            {
                var shares = scheme.Split(secret, [1, 2, 3], random); // the adversary sees the first two
                observed[(int)(shares[0].Y * bins / 1613) * bins + (int)(shares[1].Y * bins / 1613)]++;
            }

            var expected = new double[bins * bins];
            for (int a = 0; a < bins; a++)
            {
                for (int b = 0; b < bins; b++)
                {
                    expected[a * bins + b] = draws * binSize[a] * binSize[b] / (1613.0 * 1613.0);
                }
            }

            Statistics.AssertChiSquareFits(observed, expected);
        }
    }
}

using OrleansFed.Privacy.Randomness;
using OrleansFed.Privacy.SecretSharing;
using OrleansFed.Privacy.Tests.Support;

namespace OrleansFed.Privacy.Tests.SecretSharing;

public sealed class AdditiveSharingTests
{
    [Fact]
    public void Scalar_shares_sum_to_the_secret_and_sums_of_shares_share_the_sum()
    {
        using var random = new AesCtrRandomSource(Statistics.Seed(20));
        double[] losses = [0.75, 1.5, -0.25];
        const double scale = 1 << 24;
        var perParty = new ulong[5];
        foreach (double loss in losses)
        {
            var shares = AdditiveSecretSharing.Split(AdditiveSecretSharing.EncodeFixedPoint(loss, scale), 5, random);
            Assert.Equal(AdditiveSecretSharing.EncodeFixedPoint(loss, scale), AdditiveSecretSharing.Reconstruct(shares));
            for (int p = 0; p < 5; p++)
            {
                perParty[p] = unchecked(perParty[p] + shares[p]);
            }
        }

        Assert.Equal(2.0, AdditiveSecretSharing.DecodeFixedPoint(AdditiveSecretSharing.Reconstruct(perParty), scale));
    }

    [Fact]
    public void Vector_shares_reconstruct_and_no_single_share_equals_the_secret()
    {
        using var random = new AesCtrRandomSource(Statistics.Seed(21));
        ulong[] secret = [1, 2, 3, ulong.MaxValue, 0, 42, 7, 9, 11];
        var shares = AdditiveSecretSharing.SplitVector(secret, 4, random);
        Assert.Equal(secret, AdditiveSecretSharing.ReconstructVector(shares));
        Assert.All(shares, s => Assert.NotEqual(secret, s));
    }

    [Fact]
    public void Any_n_minus_1_shares_are_uniform_whatever_the_secret()
    {
        using var random = new AesCtrRandomSource(Statistics.Seed(22));
        const int draws = 100_000;
        foreach (ulong secret in new ulong[] { 0, 0xDEADBEEF })
        {
            var observed = new double[64];
            for (int i = 0; i < draws; i++)
            {
                var shares = AdditiveSecretSharing.Split(secret, 3, random);
                observed[(int)(shares[0] >> 58)]++; // top bits of the first share
            }

            Statistics.AssertChiSquareFits(observed, Enumerable.Repeat(draws / 64.0, 64).ToArray());
        }
    }
}

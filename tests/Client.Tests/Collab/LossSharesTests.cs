using System.Collections.Immutable;
using OrleansFed.Client.Collab;
using OrleansFed.Interfaces.Collab;
using OrleansFed.Privacy.Randomness;
using Xunit;

namespace OrleansFed.Client.Tests.Collab;

public sealed class LossSharesTests
{
    private static readonly CollabSpec Spec = new(["p1", "p2", "p3", "p4"], TimeSpan.FromSeconds(5), 2, CollabSpec.DefaultLossClip);
    private readonly RandomSource _random = new CryptoRandomSource();

    [Fact]
    public void Silo_total_of_partial_sums_and_silo_shares_is_exactly_the_sum_of_the_encoded_losses()
    {
        var codec = LossShares.Codec(Spec);
        float[] losses = [0.3f, 1.7f, 2.25f, 0.001f];
        int m = losses.Length;
        ulong[] encoded = [.. losses.Select(l => LossShares.Encode(codec, l, _random))];
        ulong[][] shares = [.. encoded.Select(e => LossShares.Split(e, m, _random))];
        ulong total = 0;
        for (int j = 0; j < m; j++)
        {
            ulong[] held = [.. shares.Select(s => s[j])];
            total = unchecked(total + LossShares.PartialSum(held) + shares[j][m]);
        }

        ulong exact = 0;
        foreach (ulong e in encoded)
        {
            exact = unchecked(exact + e);
        }

        Assert.Equal(exact, total);
        Assert.Equal(losses.Average(l => (double)l), codec.ToSignedInteger(total) / codec.Scale / m, 1e-6);
        Assert.All(shares, s => Assert.Equal(m + 1, s.Length));
    }

    [Fact]
    public void Every_share_and_partial_sum_is_uniform_whatever_the_loss()
    {
        // Light statistical check: the top 4 bits of each share position (and of the partial sums) are uniform for a tiny
        // and a huge loss alike. Chi-square with 15 degrees of freedom; 60 is far beyond the 1e-6 quantile (about 51).
        var codec = LossShares.Codec(Spec);
        const int Draws = 3000;
        foreach (float loss in new[] { 0.01f, 900f })
        {
            ulong encoded = LossShares.Encode(codec, loss, _random);
            var histograms = new int[5, 16];
            var partials = new int[16];
            for (int d = 0; d < Draws; d++)
            {
                ulong[] shares = LossShares.Split(encoded, 4, _random);
                for (int j = 0; j < shares.Length; j++)
                {
                    histograms[j, shares[j] >> 60]++;
                }

                // A partial sum of member 0: its own kept share plus one share from each other member's split.
                ulong[] other = LossShares.Split(LossShares.Encode(codec, 1f, _random), 4, _random);
                partials[LossShares.PartialSum([shares[0], other[0]]) >> 60]++;
            }

            for (int j = 0; j < 5; j++)
            {
                Assert.True(ChiSquare(Enumerable.Range(0, 16).Select(b => histograms[j, b]).ToArray(), Draws) < 60,
                    $"share {j} of loss {loss} is not uniform");
            }

            Assert.True(ChiSquare(partials, Draws) < 60, $"partial sums of loss {loss} are not uniform");
        }
    }

    [Fact]
    public void Bad_input_is_rejected()
    {
        var codec = LossShares.Codec(Spec);
        var nan = Assert.Throws<ArgumentException>(() => LossShares.Encode(codec, float.NaN, _random));
        Assert.StartsWith("Value at index 0 is not finite.", nan.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => LossShares.Split(1, 1, _random));
        Assert.Throws<ArgumentNullException>(() => LossShares.Codec(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => LossShares.Codec(Spec with { LossClip = -1, Workers = ImmutableArray.Create("p1", "p2") }));
    }

    private static double ChiSquare(int[] counts, int total)
    {
        double expected = (double)total / counts.Length;
        return counts.Sum(c => (c - expected) * (c - expected) / expected);
    }
}

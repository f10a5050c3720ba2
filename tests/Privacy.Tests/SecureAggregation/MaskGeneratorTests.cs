using OrleansFed.Privacy.Encoding;
using OrleansFed.Privacy.SecureAggregation;

namespace OrleansFed.Privacy.Tests.SecureAggregation;

public sealed class MaskGeneratorTests
{
    [Fact]
    public void First_block_of_the_zero_key_is_the_aes_128_known_answer()
    {
        // AES-128 with the all-zero key encrypts the all-zero block (counter 0) to 66e94bd4ef8a2c3b884cfa59ca342b2e.
        var mask = new uint[4];
        MaskGenerator.Expand(new byte[16], mask);
        Assert.Equal([0xd44be966u, 0x3b2c8aefu, 0x59fa4c88u, 0x2e2b34cau], mask);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(4096)]
    [InlineData(8195)]
    [InlineData(40_003)]
    public void Add_then_subtract_restores_the_vector_and_add_equals_adding_the_expanded_mask(int length)
    {
        var seed = Enumerable.Range(1, 16).Select(i => (byte)(i * 7)).ToArray();
        var rng = new Random(length);
        var vector = Enumerable.Range(0, length).Select(_ => (uint)rng.NextInt64(0, 1L << 32)).ToArray();
        var original = (uint[])vector.Clone();

        var mask = new uint[length];
        MaskGenerator.Expand(seed, mask);
        var viaExpand = (uint[])original.Clone();
        RingVector.Add(viaExpand, mask);

        MaskGenerator.AddMask(seed, vector);
        Assert.Equal(viaExpand, vector);
        MaskGenerator.SubtractMask(seed, vector);
        Assert.Equal(original, vector);
    }

    [Fact]
    public void A_shorter_mask_is_a_prefix_of_a_longer_one_and_other_seeds_differ()
    {
        var seed = new byte[16];
        seed[0] = 1;
        var longMask = new uint[10_001];
        var shortMask = new uint[4_099];
        MaskGenerator.Expand(seed, longMask);
        MaskGenerator.Expand(seed, shortMask);
        Assert.Equal(shortMask, longMask.AsSpan(0, shortMask.Length).ToArray());

        seed[0] = 2;
        var other = new uint[4_099];
        MaskGenerator.Expand(seed, other);
        Assert.NotEqual(shortMask, other);
    }

    [Fact]
    public void Seeds_of_the_wrong_length_are_rejected() =>
        Assert.Throws<ArgumentException>(() => MaskGenerator.Expand(new byte[32], new uint[4]));
}

using OrleansFed.Privacy.Encoding;

namespace OrleansFed.Privacy.Tests.Encoding;

public sealed class RingVectorTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(1000)]
    [InlineData(1037)]
    public void Vector_add_and_subtract_wrap_modulo_2_to_the_32_like_scalar_arithmetic(int length)
    {
        var rng = new Random(length);
        var acc = new uint[length];
        var values = new uint[length];
        for (int i = 0; i < length; i++)
        {
            acc[i] = (uint)rng.NextInt64(0, 1L << 32);
            values[i] = (uint)rng.NextInt64(0, 1L << 32);
        }

        var original = (uint[])acc.Clone();
        RingVector.Add(acc, values);
        for (int i = 0; i < length; i++)
        {
            Assert.Equal(unchecked(original[i] + values[i]), acc[i]);
        }

        RingVector.Subtract(acc, values);
        Assert.Equal(original, acc);
    }

    [Fact]
    public void Sixty_four_bit_add_wraps()
    {
        var acc = new ulong[33];
        Array.Fill(acc, ulong.MaxValue);
        var ones = new ulong[33];
        Array.Fill(ones, 2UL);
        RingVector.Add(acc, ones);
        Assert.All(acc, v => Assert.Equal(1UL, v));
    }

    [Fact]
    public void Mismatched_lengths_are_rejected() =>
        Assert.Throws<ArgumentException>(() => RingVector.Add(new uint[3], new uint[4]));
}

using System.Buffers.Binary;
using OrleansFed.Interfaces.Wire;
using Xunit;

namespace OrleansFed.Grains.Tests;

public sealed class TensorWireTests
{
    [Fact]
    public void Model_round_trips_with_the_documented_layout()
    {
        var body = TensorWire.EncodeModel(7, [1.5f, -2f]);

        Assert.Equal("OFM1"u8.ToArray(), body[..4]);
        Assert.Equal(7, BinaryPrimitives.ReadInt64LittleEndian(body.AsSpan(4)));
        Assert.Equal(2, BinaryPrimitives.ReadInt32LittleEndian(body.AsSpan(12)));
        Assert.Equal(1.5f, BinaryPrimitives.ReadSingleLittleEndian(body.AsSpan(16)));
        Assert.Equal(TensorWire.ModelSize(2), body.Length);
        var model = TensorWire.DecodeModel(body);
        Assert.Equal(7, model.ModelVersion);
        Assert.Equal(new[] { 1.5f, -2f }, model.Weights.ToArray());
    }

    [Fact]
    public void Update_round_trips_with_the_documented_layout()
    {
        var weights = Enumerable.Range(0, 37).Select(i => i * 0.25f - 3f).ToArray();
        var body = TensorWire.EncodeUpdate(3, 1200, 0.75f, weights);

        Assert.Equal("OFU1"u8.ToArray(), body[..4]);
        Assert.Equal(3, BinaryPrimitives.ReadInt32LittleEndian(body.AsSpan(4)));
        Assert.Equal(1200, BinaryPrimitives.ReadInt64LittleEndian(body.AsSpan(8)));
        Assert.Equal(0.75f, BinaryPrimitives.ReadSingleLittleEndian(body.AsSpan(16)));
        Assert.Equal(37, BinaryPrimitives.ReadInt32LittleEndian(body.AsSpan(20)));
        var update = TensorWire.DecodeUpdate(body);
        Assert.Equal(3, update.Round);
        Assert.Equal(1200, update.SampleCount);
        Assert.Equal(0.75f, update.TrainLoss);
        Assert.Equal(weights, update.Weights.ToArray());
    }

    [Fact]
    public void Empty_weight_vector_round_trips()
    {
        Assert.Equal(0, TensorWire.DecodeUpdate(TensorWire.EncodeUpdate(1, 1, 0f, [])).Weights.Length);
    }

    [Theory]
    [InlineData(0, TensorWireError.Truncated)]
    [InlineData(23, TensorWireError.Truncated)]
    public void Short_bodies_are_truncated(int length, TensorWireError error)
    {
        var ex = Assert.Throws<TensorWireException>(() => TensorWire.DecodeUpdate(new byte[length]));
        Assert.Equal(error, ex.Error);
    }

    [Fact]
    public void Wrong_magic_wrong_version_and_model_magic_for_an_update_are_rejected()
    {
        var body = TensorWire.EncodeUpdate(1, 1, 0f, [1f]);
        body[0] = (byte)'X';
        Assert.Equal(TensorWireError.BadMagic, Assert.Throws<TensorWireException>(() => TensorWire.DecodeUpdate(body)).Error);

        body = TensorWire.EncodeUpdate(1, 1, 0f, [1f]);
        body[3] = (byte)'2';
        Assert.Equal(TensorWireError.UnsupportedVersion, Assert.Throws<TensorWireException>(() => TensorWire.DecodeUpdate(body)).Error);

        var model = TensorWire.EncodeModel(1, new float[5]);
        Assert.Equal(TensorWireError.BadMagic, Assert.Throws<TensorWireException>(() => TensorWire.DecodeUpdate(model)).Error);
    }

    [Fact]
    public void Declared_count_must_match_the_body_length_exactly()
    {
        var body = TensorWire.EncodeUpdate(1, 1, 0f, [1f, 2f]);
        Assert.Equal(TensorWireError.LengthMismatch,
            Assert.Throws<TensorWireException>(() => TensorWire.DecodeUpdate(body.AsSpan(0, body.Length - 1))).Error);
        Assert.Equal(TensorWireError.LengthMismatch,
            Assert.Throws<TensorWireException>(() => TensorWire.DecodeUpdate([.. body, 0])).Error);

        BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(20), -1);
        Assert.Equal(TensorWireError.InvalidHeader, Assert.Throws<TensorWireException>(() => TensorWire.DecodeUpdate(body)).Error);

        BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(20), int.MaxValue);
        Assert.Equal(TensorWireError.LengthMismatch, Assert.Throws<TensorWireException>(() => TensorWire.DecodeUpdate(body)).Error);
    }

    [Theory]
    [InlineData(0, 1L)]
    [InlineData(-3, 1L)]
    [InlineData(1, 0L)]
    [InlineData(1, -5L)]
    public void Non_positive_round_or_sample_count_is_an_invalid_header(int round, long samples)
    {
        var body = TensorWire.EncodeUpdate(round, samples, 0f, [1f]);
        Assert.Equal(TensorWireError.InvalidHeader, Assert.Throws<TensorWireException>(() => TensorWire.DecodeUpdate(body)).Error);
    }

    [Theory]
    [InlineData(float.NaN, 0)]
    [InlineData(float.PositiveInfinity, 16)]
    [InlineData(float.NegativeInfinity, 99)]
    public void Non_finite_weights_are_rejected_with_their_index(float bad, int index)
    {
        var weights = new float[100];
        weights[index] = bad;
        var ex = Assert.Throws<TensorWireException>(() => TensorWire.DecodeUpdate(TensorWire.EncodeUpdate(1, 1, 0f, weights)));
        Assert.Equal(TensorWireError.NonFinite, ex.Error);
        Assert.Contains($"index {index} ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_finite_training_loss_is_rejected()
    {
        var ex = Assert.Throws<TensorWireException>(() => TensorWire.DecodeUpdate(TensorWire.EncodeUpdate(1, 1, float.NaN, [1f])));
        Assert.Equal(TensorWireError.NonFinite, ex.Error);
    }

    [Fact]
    public void IndexOfNonFinite_finds_the_first_bad_value_in_vector_body_and_tail()
    {
        for (var position = 0; position < 70; position++)
        {
            var values = Enumerable.Range(0, 70).Select(i => (float)i).ToArray();
            values[position] = float.NaN;
            if (position + 5 < values.Length)
            {
                values[position + 5] = float.PositiveInfinity;
            }

            Assert.Equal(position, TensorWire.IndexOfNonFinite(values));
        }

        Assert.Equal(-1, TensorWire.IndexOfNonFinite([float.MaxValue, float.MinValue, float.Epsilon, -0f]));
    }
}

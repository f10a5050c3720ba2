using Xunit;

namespace OrleansFed.Learning.Tests;

public sealed class CheckpointTests
{
    [Fact]
    public void Checkpoints_round_trip_through_a_stream()
    {
        Model model = Model.Create(ModelSpec.Cnn(), seed: 3);
        using var stream = new MemoryStream();
        ModelCheckpoint.Save(model, stream);
        int expected = 4 + 2 + 4 + System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(model.Spec).Length + 4 + (4 * model.ParameterCount) + 32;
        Assert.Equal(expected, stream.Length);
        stream.Position = 0;
        Model back = ModelCheckpoint.Load(stream);
        Assert.Equal(ModelSpec.Cnn(), back.Spec);
        Assert.Equal(model.GetParameters(), back.GetParameters());
    }

    [Fact]
    public void Corrupted_truncated_or_foreign_checkpoints_are_rejected()
    {
        byte[] good = ModelCheckpoint.ToBytes(Model.Create(ModelSpec.LogisticRegression(4, 2), seed: 1));
        byte[] flipped = (byte[])good.Clone();
        flipped[^40] ^= 1;
        Assert.Throws<InvalidDataException>(() => ModelCheckpoint.FromBytes(flipped));
        Assert.Throws<InvalidDataException>(() => ModelCheckpoint.FromBytes(good.AsSpan(0, good.Length - 1)));
        Assert.Throws<InvalidDataException>(() => ModelCheckpoint.FromBytes("NOPE"u8.ToArray().Concat(good.Skip(4)).ToArray()));
        byte[] version = (byte[])good.Clone();
        version[4] = 9;
        Assert.Throws<InvalidDataException>(() => ModelCheckpoint.FromBytes(version));
        Assert.Throws<InvalidDataException>(() => ModelCheckpoint.FromBytes([]));
    }
}

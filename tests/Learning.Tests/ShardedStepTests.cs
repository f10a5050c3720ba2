using OrleansFed.Learning;
using OrleansFed.Learning.Autograd;
using OrleansFed.Learning.Tensors;
using Xunit;

namespace OrleansFed.Learning.Tests;

public sealed class ShardedStepTests
{
    // A CNN batch of 29 split three ways (10, 10, 9): the combined gradient must be the batch-mean gradient.
    [Theory]
    [InlineData(29, 3, 3)]
    [InlineData(64, 2, 2)]
    [InlineData(20, 3, 2)] // 20 examples make only two shards of at least eight
    [InlineData(12, 2, 1)] // one shard: the kernels use the threads instead
    public void Sharded_gradient_equals_the_whole_batch_gradient(int batch, int workers, int shards)
    {
        Dataset data = ImageData(batch, seed: 5);
        int[] order = Enumerable.Range(0, batch).Reverse().ToArray();

        Model whole = Model.Create(ModelSpec.Cnn(), seed: 11);
        var tape = new Tape();
        Tensor input = whole.NewInput(tape, batch);
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++)
        {
            data.Features(order[i]).CopyTo(input.Data.Slice(i * data.FeatureCount, data.FeatureCount));
            labels[i] = data.Label(order[i]);
        }

        Tensor loss = Losses.SoftmaxCrossEntropy(tape, whole.Network.Forward(tape, input), labels);
        tape.Backward(loss);

        Model sharded = Model.Create(ModelSpec.Cnn(), seed: 11);
        var step = new ShardedStep(sharded, workers, batch);
        Assert.Equal(shards, step.ShardsFor(batch));
        double shardedLoss = step.Run(data, order, 0, batch);

        Assert.Equal(loss.Data[0], shardedLoss, 1e-5);
        for (int p = 0; p < whole.Parameters.Count; p++)
        {
            ReadOnlySpan<float> expected = whole.Parameters[p].Gradient, actual = sharded.Parameters[p].Gradient;
            Assert.True(sharded.Parameters[p].HasGradient);
            float scale = Math.Max(1e-3f, MaxAbs(expected));
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.True(MathF.Abs(expected[i] - actual[i]) <= 2e-5f * scale, $"parameter {p}[{i}]: {expected[i]} vs {actual[i]}");
            }
        }

        // The replicas only read the primary's parameters: a step leaves them as created.
        Assert.Equal(Model.Create(ModelSpec.Cnn(), seed: 11).GetParameters(), sharded.GetParameters());
    }

    [Fact]
    public void A_replica_picks_up_the_primarys_current_parameters_every_step()
    {
        Dataset data = ImageData(32, seed: 6);
        int[] order = Enumerable.Range(0, 32).ToArray();
        Model a = Model.Create(ModelSpec.Cnn(), seed: 1), b = Model.Create(ModelSpec.Cnn(), seed: 2);
        var step = new ShardedStep(a, 2, 32);
        step.Run(data, order, 0, 32);
        step.Reset();

        // Same weights as b now: the sharded gradient must be b's, not one computed from a's stale copy.
        a.LoadParameters(b.GetParameters());
        foreach (Tensor p in a.Parameters)
        {
            p.ClearGradient();
        }

        step.Run(data, order, 0, 32);
        var single = new ShardedStep(b, 1, 32);
        single.Run(data, order, 0, 32);
        for (int p = 0; p < a.Parameters.Count; p++)
        {
            ReadOnlySpan<float> x = a.Parameters[p].Gradient, y = b.Parameters[p].Gradient;
            float scale = Math.Max(1e-3f, MaxAbs(y));
            for (int i = 0; i < x.Length; i++)
            {
                Assert.True(MathF.Abs(x[i] - y[i]) <= 2e-5f * scale, $"parameter {p}[{i}]");
            }
        }
    }

    private static float MaxAbs(ReadOnlySpan<float> values)
    {
        float max = 0;
        foreach (float v in values)
        {
            max = MathF.Max(max, MathF.Abs(v));
        }

        return max;
    }

    private static Dataset ImageData(int count, int seed)
    {
        var random = new Random(seed);
        float[] pixels = new float[count * 784];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = i % 10;
            for (int j = 0; j < 784; j++)
            {
                pixels[(i * 784) + j] = random.NextSingle();
            }
        }

        return new Dataset(pixels, labels, 784, 10);
    }
}

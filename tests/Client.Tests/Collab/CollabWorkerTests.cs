using OrleansFed.Client.Collab;
using OrleansFed.Learning;
using Xunit;

namespace OrleansFed.Client.Tests.Collab;

public sealed class CollabWorkerTests
{
    private static readonly Dataset Shard = SyntheticData.Create(200, 50, 784, 10, seed: 3).Train;

    [Fact]
    public void Backpropagating_the_average_of_m_losses_is_the_own_loss_gradient_scaled_by_one_over_m()
    {
        // dL̄/dθ_k = (1/m)·dL_k/dθ_k: η on the average equals η/m on the worker's own loss.
        var onAverage = new CollabWorker("p1", ModelSpec.Mlp(), 5, Shard, 32, learningRate: 0.8f);
        var onOwn = new CollabWorker("p1", ModelSpec.Mlp(), 5, Shard, 32, learningRate: 0.2f);
        float[] initial = onAverage.Model.GetParameters();
        Assert.Equal(initial, onOwn.Model.GetParameters());

        Assert.Equal(onAverage.ForwardLoss(), onOwn.ForwardLoss());
        onAverage.BackpropagateAverage(members: 4);
        onOwn.BackpropagateAverage(members: 1);

        float[] a = onAverage.Model.GetParameters(), b = onOwn.Model.GetParameters();
        double moved = 0;
        for (int i = 0; i < a.Length; i++)
        {
            Assert.Equal(b[i], a[i], 1e-6f);
            moved = Math.Max(moved, Math.Abs(a[i] - initial[i]));
        }

        Assert.True(moved > 1e-4, "the step must move the parameters");
    }

    [Fact]
    public void An_abandoned_step_leaves_the_model_unchanged_and_steps_must_alternate()
    {
        var worker = new CollabWorker("p2", ModelSpec.Cnn(), 1, Shard, 16, 0.1f);
        float[] before = worker.Model.GetParameters();
        Assert.Throws<InvalidOperationException>(() => worker.BackpropagateAverage(2));
        float loss = worker.ForwardLoss();
        Assert.True(loss > 0 && float.IsFinite(loss));
        var twice = Assert.Throws<InvalidOperationException>(() => worker.ForwardLoss());
        Assert.Equal("Worker p2: the previous step's loss was neither backpropagated nor abandoned.", twice.Message);
        worker.Abandon();
        Assert.Equal(before, worker.Model.GetParameters());
        _ = worker.ForwardLoss();
        worker.BackpropagateAverage(3);
        Assert.NotEqual(before, worker.Model.GetParameters());
    }

    [Fact]
    public void Workers_with_different_architectures_predict_every_example_and_bad_arguments_are_rejected()
    {
        var test = SyntheticData.Create(200, 50, 784, 10, seed: 3).Test;
        foreach (var spec in new[] { ModelSpec.Mlp(), ModelSpec.Cnn() })
        {
            var worker = new CollabWorker("p1", spec, 2, Shard, 64, 0.1f);
            Assert.Equal(4, worker.StepsPerEpoch);
            int[] predictions = worker.Predict(test);
            Assert.Equal(test.Count, predictions.Length);
            Assert.All(predictions, p => Assert.InRange(p, 0, 9));
        }

        var narrow = SyntheticData.Create(20, 5, 10, 10, seed: 1).Train;
        var e = Assert.Throws<ArgumentException>(() => new CollabWorker("p1", ModelSpec.Mlp(), 1, narrow, 8, 0.1f));
        Assert.StartsWith("Worker p1: the shard (20 examples, 10 features, 10 classes) does not fit mlp.", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new CollabWorker("p1", ModelSpec.Mlp(), 1, Shard, 8, float.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CollabWorker("p1", ModelSpec.Mlp(), 1, Shard, 0, 0.1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CollabWorker("p1", ModelSpec.Mlp(), 1, Shard, 8, 0.1f).BackpropagateAverage(0));
    }
}

using OrleansFed.Learning;
using Xunit;

namespace OrleansFed.Learning.Tests;

public sealed class LocalTrainerTests
{
    private static readonly (Dataset Train, Dataset Test) Blobs = SyntheticData.Create(2000, 500, 20, 5, seed: 9);

    [Theory]
    [InlineData("logreg")]
    [InlineData("mlp")]
    public void Training_on_separable_blobs_reaches_high_test_accuracy(string name)
    {
        ModelSpec spec = name == "mlp" ? ModelSpec.Mlp(20, 32, 5) : ModelSpec.LogisticRegression(20, 5);
        Model model = Model.Create(spec, seed: 1);
        Evaluation before = LocalTrainer.Evaluate(model, Blobs.Test);
        TrainingResult result = LocalTrainer.Train(model, Blobs.Train, new TrainingOptions(3, 32, 0.1f, Seed: 2));
        Evaluation after = LocalTrainer.Evaluate(model, Blobs.Test);

        Assert.Equal(6000, result.Samples);
        Assert.Equal(3 * 63, result.Steps);
        Assert.True(after.Accuracy > 0.95, $"accuracy {after.Accuracy}");
        Assert.True(after.Loss < before.Loss / 3, $"loss {before.Loss} -> {after.Loss}");
        Assert.Equal(500, after.Count);
    }

    [Fact]
    public void Training_is_deterministic_under_the_seeds()
    {
        float[] Run(int seed)
        {
            Model model = Model.Create(ModelSpec.Mlp(20, 16, 5), seed: 3);
            LocalTrainer.Train(model, Blobs.Train, new TrainingOptions(1, 50, 0.05f, seed));
            return model.GetParameters();
        }

        Assert.Equal(Run(1), Run(1));
        Assert.NotEqual(Run(1), Run(2));
    }

    [Fact]
    public void Training_with_two_threads_gives_the_same_parameters_as_one()
    {
        float[] Run(int threads)
        {
            Model model = Model.Create(ModelSpec.Mlp(20, 16, 5), seed: 3);
            LocalTrainer.Train(model, Blobs.Train, new TrainingOptions(1, 50, 0.05f, 1) { Threads = threads });
            return model.GetParameters();
        }

        float[] one = Run(1), two = Run(2);
        for (int i = 0; i < one.Length; i++)
        {
            Assert.Equal(one[i], two[i], 1e-5f);
        }
    }

    [Fact]
    public void Mismatched_data_and_bad_options_are_rejected()
    {
        Model model = Model.Create(ModelSpec.LogisticRegression(20, 5), seed: 1);
        Dataset wrongFeatures = SyntheticData.Create(10, 0, 21, 5, 1).Train;
        Assert.Throws<ArgumentException>(() => LocalTrainer.Train(model, wrongFeatures, new TrainingOptions(1, 8, 0.1f, 0)));
        Assert.Throws<ArgumentException>(() => LocalTrainer.Evaluate(model, wrongFeatures));
        Assert.Throws<ArgumentException>(() => LocalTrainer.Train(model, Blobs.Train, new TrainingOptions(1, 0, 0.1f, 0)));
        Assert.Throws<ArgumentException>(() => LocalTrainer.Train(model, Blobs.Train, new TrainingOptions(1, 8, float.NaN, 0)));
        Assert.Throws<ArgumentException>(() => LocalTrainer.Train(model, Blobs.Train, new TrainingOptions(-1, 8, 0.1f, 0)));
    }

    [Fact]
    public void Cancellation_stops_training()
    {
        Model model = Model.Create(ModelSpec.LogisticRegression(20, 5), seed: 1);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => LocalTrainer.Train(model, Blobs.Train, new TrainingOptions(1, 8, 0.1f, 0), cts.Token));
    }

    [Fact]
    public void Evaluation_of_an_empty_set_is_zero()
    {
        Model model = Model.Create(ModelSpec.LogisticRegression(20, 5), seed: 1);
        Assert.Equal(new Evaluation(0, 0, 0), LocalTrainer.Evaluate(model, Blobs.Test.Subset([])));
    }

    [Fact]
    public void Mlp_learns_mnist_when_the_data_is_present()
    {
        if (!TestData.HasMnist)
        {
            return; // MNIST is optional in tests; the synthetic tests above cover the logic.
        }

        (Dataset train, Dataset test) = Mnist.Load(TestData.MnistDirectory);
        Model model = Model.Create(ModelSpec.Mlp(), seed: 0);
        LocalTrainer.Train(model, train, new TrainingOptions(1, 64, 0.1f, Seed: 0) { Threads = 2 });
        Evaluation eval = LocalTrainer.Evaluate(model, test);
        Assert.True(eval.Accuracy > 0.91, $"MNIST MLP accuracy after one epoch: {eval.Accuracy}");
    }
}

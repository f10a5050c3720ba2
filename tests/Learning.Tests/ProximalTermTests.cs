using OrleansFed.Learning;
using Xunit;

namespace OrleansFed.Learning.Tests;

/// <summary>FedProx's participant side: μ·(w − w_global) joins the gradient after backpropagation, before the step.</summary>
public sealed class ProximalTermTests
{
    private const float Lr = 0.5f, Mu = 0.7f;
    private static readonly Dataset Tiny = new(
        [1f, 0f, 2f, 0f, 1f, -1f, 0.5f, 0.5f, 0.5f, -1f, 2f, 0f], [0, 1, 1, 0], featureCount: 3, classCount: 2);

    [Fact]
    public void The_first_step_is_plain_SGD_and_the_second_adds_exactly_mu_times_the_distance_to_the_start()
    {
        var w0 = Model.Create(ModelSpec.LogisticRegression(3, 2), seed: 1).GetParameters();

        // Full-batch steps (batch = data size), so each epoch is one step and the shuffle only reorders a sum.
        var prox = Start(w0);
        LocalTrainer.Train(prox, Tiny, new TrainingOptions(2, 4, Lr, Seed: 5) { ProximalMu = Mu });

        var w1 = PlainStep(w0);              // step 1: w = w_global, so the term is zero
        var w1Plain = PlainStep(w1);         // w1 − lr·∇CE(w1)
        var actual = prox.GetParameters();
        for (int i = 0; i < actual.Length; i++)
        {
            float expected = w1Plain[i] - (Lr * Mu * (w1[i] - w0[i]));
            Assert.Equal(expected, actual[i], 1e-6f);
        }

        // The term made a difference: without it the model would be somewhere else.
        var plainTwice = Start(w0);
        LocalTrainer.Train(plainTwice, Tiny, new TrainingOptions(2, 4, Lr, Seed: 5));
        Assert.True(Distance(plainTwice.GetParameters(), actual) > 1e-3);
        Assert.True(Distance(actual, w0) < Distance(plainTwice.GetParameters(), w0), "the proximal term pulls towards w_global");
    }

    [Fact]
    public void A_zero_mu_changes_nothing_and_a_negative_mu_is_rejected()
    {
        var w0 = Model.Create(ModelSpec.LogisticRegression(3, 2), seed: 2).GetParameters();
        var a = Start(w0);
        var b = Start(w0);
        LocalTrainer.Train(a, Tiny, new TrainingOptions(3, 2, Lr, Seed: 1));
        LocalTrainer.Train(b, Tiny, new TrainingOptions(3, 2, Lr, Seed: 1) { ProximalMu = 0 });

        Assert.Equal(a.GetParameters(), b.GetParameters());
        Assert.Throws<ArgumentException>(() => LocalTrainer.Train(a, Tiny, new TrainingOptions(1, 2, Lr, 1) { ProximalMu = -0.1f }));
        Assert.Throws<ArgumentException>(() => LocalTrainer.Train(a, Tiny, new TrainingOptions(1, 2, Lr, 1) { ProximalMu = float.NaN }));
    }

    private static Model Start(float[] weights)
    {
        var model = Model.Create(ModelSpec.LogisticRegression(3, 2), seed: 9);
        model.LoadParameters(weights);
        return model;
    }

    private static float[] PlainStep(float[] from)
    {
        var model = Start(from);
        LocalTrainer.Train(model, Tiny, new TrainingOptions(1, 4, Lr, Seed: 5));
        return model.GetParameters();
    }

    private static double Distance(float[] a, float[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += (a[i] - b[i]) * (double)(a[i] - b[i]);
        }

        return Math.Sqrt(sum);
    }
}

using OrleansFed.Learning.Optimizers;
using Xunit;

namespace OrleansFed.Learning.Tests;

public sealed class OptimizerTests
{
    private static Tensor Parameter(params float[] values) => new(values, values.Length) { RequiresGrad = true };

    private static void SetGradient(Tensor p, params float[] grad)
    {
        grad.CopyTo(p.GradientStorage());
        p.HasGradientForTests(true);
    }

    [Fact]
    public void Plain_sgd_subtracts_the_scaled_gradient_and_skips_parameters_without_one()
    {
        Tensor a = Parameter(1f, 2f), b = Parameter(5f);
        var sgd = new Sgd([a, b], 0.5f);
        SetGradient(a, 2f, -4f);
        sgd.Step();
        Assert.Equal([0f, 4f], a.Data.ToArray());
        Assert.Equal([5f], b.Data.ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Sgd_momentum_and_weight_decay_follow_pytorchs_update(bool nesterov)
    {
        Tensor p = Parameter(1f);
        var sgd = new Sgd([p], learningRate: 0.1f, momentum: 0.9f, weightDecay: 0.01f, nesterov: nesterov);
        double value = 1, velocity = 0;
        float[] grads = [0.5f, -0.2f, 0.3f];
        for (int t = 0; t < grads.Length; t++)
        {
            SetGradient(p, grads[t]);
            sgd.Step();
            double g = grads[t] + (0.01 * value);
            velocity = t == 0 ? g : (0.9 * velocity) + g;
            value -= 0.1 * (nesterov ? g + (0.9 * velocity) : velocity);
            Assert.Equal(value, p.Data[0], 1e-6);
        }
    }

    [Fact]
    public void Adam_follows_the_bias_corrected_update()
    {
        Tensor p = Parameter(0.5f, -1f);
        var adam = new Adam([p], learningRate: 0.01f, weightDecay: 0.1f);
        double[] value = [0.5, -1], m = new double[2], v = new double[2];
        float[][] grads = [[0.2f, -0.1f], [0.05f, 0.3f], [-0.4f, 0.0f]];
        for (int t = 1; t <= grads.Length; t++)
        {
            SetGradient(p, grads[t - 1]);
            adam.Step();
            for (int j = 0; j < 2; j++)
            {
                double g = grads[t - 1][j] + (0.1 * value[j]);
                m[j] = (0.9 * m[j]) + (0.1 * g);
                v[j] = (0.999 * v[j]) + (0.001 * g * g);
                double mh = m[j] / (1 - Math.Pow(0.9, t)), vh = v[j] / (1 - Math.Pow(0.999, t));
                value[j] -= 0.01 * mh / (Math.Sqrt(vh) + 1e-8);
                Assert.Equal(value[j], p.Data[j], 1e-5);
            }
        }
    }

    [Fact]
    public void Zero_grad_forgets_gradients()
    {
        Tensor p = Parameter(1f);
        SetGradient(p, 3f);
        new Sgd([p], 1f).ZeroGrad();
        Assert.False(p.HasGradient);
        Assert.Equal([0f], p.Gradient.ToArray());
    }

    [Fact]
    public void Invalid_hyperparameters_are_rejected()
    {
        Tensor p = Parameter(1f);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd([p], 0f));
        Assert.Throws<ArgumentException>(() => new Sgd([p], 0.1f, momentum: 0f, nesterov: true));
        Assert.Throws<ArgumentException>(() => new Adam([p], beta1: 1f));
    }
}

internal static class TensorTestExtensions
{
    public static void HasGradientForTests(this Tensor tensor, bool value)
    {
        // Tests set gradients by hand; the engine sets HasGradient internally (visible to this assembly).
        tensor.HasGradient = value;
    }
}

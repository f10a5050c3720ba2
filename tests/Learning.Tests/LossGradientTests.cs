using OrleansFed.Learning.Autograd;
using Xunit;
using static OrleansFed.Learning.Tests.GradientCheck;

namespace OrleansFed.Learning.Tests;

public sealed class LossGradientTests
{
    [Theory]
    [InlineData(Reduction.Mean)]
    [InlineData(Reduction.Sum)]
    public void Softmax_cross_entropy_passes_the_gradient_check(Reduction reduction)
    {
        int[] labels = [3, 0, 4, 4, 1];
        double[] z = Random(25, 1, -3, 3);
        Check([(z, [5, 5])], (t, v) => Losses.SoftmaxCrossEntropy(t, v[0], labels, reduction),
            v => Reference.CrossEntropy(v[0], labels, 5, reduction == Reduction.Mean));
    }

    [Fact]
    public void Mean_squared_error_passes_the_gradient_check()
    {
        double[] p = Random(12, 2), target = Random(12, 3);
        float[] t32 = target.Select(v => (float)v).ToArray();
        Check([(p, [3, 4])], (t, v) => Losses.MeanSquaredError(t, v[0], t32),
            v => v[0].Select((x, i) => (x - t32[i]) * (x - t32[i])).Sum() / 12);
    }

    [Fact]
    public void Binary_cross_entropy_on_probabilities_and_on_logits_pass_the_gradient_check()
    {
        double[] p = Random(10, 4, 0.05, 0.95);
        float[] targets = [0, 1, 1, 0, 0.3f, 1, 0, 1, 0.5f, 0];
        Check([(p, [10])], (t, v) => Losses.BinaryCrossEntropy(t, v[0], targets, Reduction.Sum),
            v => -v[0].Select((x, i) => (targets[i] * Math.Log(x)) + ((1 - targets[i]) * Math.Log(1 - x))).Sum());
        double[] z = Random(10, 5, -4, 4);
        Check([(z, [10])], (t, v) => Losses.BinaryCrossEntropyWithLogits(t, v[0], targets),
            v => -v[0].Select((x, i) => (targets[i] * Math.Log(Reference.Sigmoid(x))) + ((1 - targets[i]) * Math.Log(1 - Reference.Sigmoid(x)))).Sum() / 10);
    }

    [Fact]
    public void Binary_cross_entropy_clamps_the_log_of_zero()
    {
        Tensor loss = Losses.BinaryCrossEntropy(new Tape(), new Tensor([0f, 1f], 2), [1f, 0f], Reduction.Sum);
        Assert.Equal(200f, loss.Data[0]);
    }

    [Theory]
    [InlineData(Reduction.Mean)]
    [InlineData(Reduction.Sum)]
    public void Polynomial_loss_passes_the_gradient_check_with_per_example_coefficients(Reduction reduction)
    {
        var coefficients = new PolynomialCoefficients(3, 4);
        double[] a = Random(12, 6), b = Random(12, 7), c = Random(12, 8);
        for (int i = 0; i < 12; i++)
        {
            coefficients.Constant[i] = (float)a[i];
            coefficients.Linear[i] = (float)b[i];
            coefficients.Quadratic[i] = (float)c[i];
        }

        double[] y = Random(12, 9);
        Check([(y, [3, 4])], (t, v) => Losses.Polynomial(t, v[0], coefficients, reduction),
            v => v[0].Select((x, i) => coefficients.Constant[i] + (coefficients.Linear[i] * x) + (coefficients.Quadratic[i] * x * x)).Sum()
                / (reduction == Reduction.Mean ? 3 : 1));
    }

    [Fact]
    public void Losses_reject_mismatched_targets()
    {
        var tape = new Tape();
        Tensor x = new Tensor(2, 3) { RequiresGrad = true };
        Assert.Throws<ArgumentException>(() => Losses.SoftmaxCrossEntropy(tape, x, [0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Losses.SoftmaxCrossEntropy(tape, x, [0, 3]));
        Assert.Throws<ArgumentException>(() => Losses.MeanSquaredError(tape, x, [1f]));
        Assert.Throws<ArgumentException>(() => Losses.Polynomial(tape, x, new PolynomialCoefficients(3, 3)));
    }
}

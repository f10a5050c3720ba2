using OrleansFed.Learning.Autograd;
using Xunit;
using static OrleansFed.Learning.Tests.GradientCheck;

namespace OrleansFed.Learning.Tests;

public sealed class OpGradientTests
{
    private static void CheckUnary(Func<Tape, Tensor, Tensor> op, Func<double, double> reference, double avoidBelow = 0, double low = -2, double high = 2)
    {
        int[] shape = [3, 7];
        double[] x = Random(21, 1, low, high, avoidBelow), w = Random(21, 2);
        Check([(x, shape)], (t, v) => WeightedSum(t, op(t, v[0]), w), v => Reference.WeightedSum(Reference.Map(v[0], reference), w));
    }

    [Fact]
    public void Relu_passes_the_gradient_check() => CheckUnary(Ops.Relu, Reference.Relu, avoidBelow: 0.05);

    [Fact]
    public void Bounded_relu_passes_the_gradient_check()
    {
        // Values near 0 and 1 are kinks; draw away from both.
        double[] x = Random(21, 3, -0.5, 1.5).Select(v => Math.Abs(v - 1) < 0.05 ? v + 0.1 : v).Select(v => Math.Abs(v) < 0.05 ? 0.2 : v).ToArray();
        double[] w = Random(21, 4);
        Check([(x, [3, 7])], (t, v) => WeightedSum(t, Ops.BoundedRelu(t, v[0]), w), v => Reference.WeightedSum(Reference.Map(v[0], Reference.BoundedRelu), w));
        Tensor y = Ops.BoundedRelu(new Tape(), ToTensor([-3, 0.25, 7], [3]));
        Assert.Equal([0f, 0.25f, 1f], y.Data.ToArray());
    }

    [Fact]
    public void Sigmoid_passes_the_gradient_check() => CheckUnary(Ops.Sigmoid, Reference.Sigmoid);

    [Fact]
    public void Tanh_passes_the_gradient_check() => CheckUnary(Ops.Tanh, Math.Tanh);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Softmax_and_log_softmax_pass_the_gradient_check(bool log)
    {
        double[] x = Random(20, 5, -3, 3), w = Random(20, 6);
        Check([(x, [4, 5])], (t, v) => WeightedSum(t, log ? Ops.LogSoftmax(t, v[0]) : Ops.Softmax(t, v[0]), w),
            v => Reference.WeightedSum(Reference.Softmax(v[0], 5, log), w));
    }

    [Fact]
    public void Add_multiply_scale_and_sum_pass_the_gradient_check()
    {
        double[] a = Random(12, 7), b = Random(12, 8), w = Random(12, 9);
        Check([(a, [3, 4]), (b, [3, 4])],
            (t, v) => WeightedSum(t, Ops.Scale(t, Ops.Add(t, Ops.Multiply(t, v[0], v[1]), v[0]), 1.5f), w),
            v => Reference.WeightedSum(v[0].Select((x, i) => 1.5 * ((x * v[1][i]) + x)).ToArray(), w));
    }

    [Fact]
    public void Using_a_tensor_twice_accumulates_both_gradients()
    {
        double[] a = Random(6, 10), w = Random(6, 11);
        Check([(a, [2, 3])], (t, v) => WeightedSum(t, Ops.Multiply(t, v[0], v[0]), w), v => Reference.WeightedSum(v[0].Select(x => x * x).ToArray(), w));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void MatMul_passes_the_gradient_check(int threads)
    {
        double[] a = Random(5 * 9, 12), b = Random(9 * 35, 13), w = Random(5 * 35, 14);
        Check([(a, [5, 9]), (b, [9, 35])], (t, v) => WeightedSum(t, Ops.MatMul(t, v[0], v[1]), w),
            v => Reference.WeightedSum(Reference.MatMul(v[0], v[1], 5, 9, 35), w), threads);
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 1)]
    [InlineData(true, 2)]
    public void Linear_with_and_without_fused_relu_passes_the_gradient_check(bool relu, int threads)
    {
        int batch = 6, inputs = 11, outputs = 37;
        double[] x = Random(batch * inputs, 15), wt = Random(inputs * outputs, 16), b = Random(outputs, 17), w = Random(batch * outputs, 18);
        Check([(x, [batch, inputs]), (wt, [inputs, outputs]), (b, [outputs])],
            (t, v) => WeightedSum(t, Ops.Linear(t, v[0], v[1], v[2], relu ? Activation.Relu : Activation.None), w),
            v =>
            {
                double[] y = Reference.Linear(v[0], v[1], v[2], batch, inputs, outputs);
                return Reference.WeightedSum(relu ? Reference.Map(y, Reference.Relu) : y, w);
            },
            threads);
    }

    [Theory]
    [InlineData(1, 0, false, 1)]
    [InlineData(1, 1, true, 1)]
    [InlineData(2, 1, false, 1)]
    [InlineData(2, 2, true, 2)]
    [InlineData(3, 0, false, 2)]
    public void Conv2d_passes_the_gradient_check(int stride, int padding, bool relu, int threads)
    {
        int n = 3, c = 2, h = 9, wd = 8, o = 5, k = 3;
        double[] x = Random(n * c * h * wd, 19), w = Random(o * c * k * k, 20), b = Random(o, 21);
        Reference.Conv2d(x, w, b, n, c, h, wd, o, k, stride, padding, out int oh, out int ow);
        double[] weights = Random(n * o * oh * ow, 22);
        Check([(x, [n, h, wd, c]), (w, [o, k, k, c]), (b, [o])],
            (t, v) => WeightedSum(t, Ops.Conv2d(t, v[0], v[1], v[2], stride, padding, relu ? Activation.Relu : Activation.None), weights),
            v =>
            {
                double[] y = Reference.Conv2d(v[0], v[1], v[2], n, c, h, wd, o, k, stride, padding, out _, out _);
                return Reference.WeightedSum(relu ? Reference.Map(y, Reference.Relu) : y, weights);
            },
            threads);
    }

    [Fact]
    public void Conv2d_with_many_channels_crosses_panel_edges_and_passes_the_gradient_check()
    {
        // 37 output channels and a 9×9 output (81 positions) leave partial panels in both GEMM dimensions.
        int n = 2, c = 3, h = 11, wd = 11, o = 37, k = 3;
        double[] x = Random(n * c * h * wd, 23), w = Random(o * c * k * k, 24), b = Random(o, 25);
        double[] weights = Random(n * o * 81, 26);
        Check([(x, [n, h, wd, c]), (w, [o, k, k, c]), (b, [o])],
            (t, v) => WeightedSum(t, Ops.Conv2d(t, v[0], v[1], v[2]), weights),
            v => Reference.WeightedSum(Reference.Conv2d(v[0], v[1], v[2], n, c, h, wd, o, k, 1, 0, out _, out _), weights));
    }

    [Theory]
    [InlineData(8, 16, 3, 1, 0, true, 1)] // kernel row run 24 = 3 tiles of 8: dWᵀ read straight from the image (panel form)
    [InlineData(8, 32, 3, 2, 1, false, 2)]
    [InlineData(16, 32, 5, 1, 0, true, 2)] // the benchmark CNN's second convolution
    [InlineData(1, 16, 5, 1, 0, true, 1)] // one channel: dWᵀ through the row form (the benchmark's first convolution)
    [InlineData(1, 16, 3, 1, 2, false, 2)]
    public void Conv2d_weight_gradient_paths_pass_the_gradient_check(int c, int o, int k, int stride, int padding, bool relu, int threads)
    {
        int n = 2, h = 12, wd = 11;
        double[] x = Random(n * c * h * wd, 40), w = Random(o * c * k * k, 41, -0.3, 0.3), b = Random(o, 42);
        Reference.Conv2d(x, w, b, n, c, h, wd, o, k, stride, padding, out int oh, out int ow);
        double[] weights = Random(n * o * oh * ow, 43);
        Check([(x, [n, h, wd, c]), (w, [o, k, k, c]), (b, [o])],
            (t, v) => WeightedSum(t, Ops.Conv2d(t, v[0], v[1], v[2], stride, padding, relu ? Activation.Relu : Activation.None), weights),
            v =>
            {
                double[] y = Reference.Conv2d(v[0], v[1], v[2], n, c, h, wd, o, k, stride, padding, out _, out _);
                return Reference.WeightedSum(relu ? Reference.Map(y, Reference.Relu) : y, weights);
            },
            threads, maxChecksPerInput: 120);
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(16, 2)]
    public void MaxPool2d_over_many_channels_uses_the_vector_path_and_passes_the_gradient_check(int n, int threads)
    {
        int c = 19, h = 6, w = 6;
        double[] x = Random(n * c * h * w, 44, -3, 3), weights = Random(n * c * 9, 45);
        Check([(x, [n, h, w, c])], (t, v) => WeightedSum(t, Ops.MaxPool2d(t, v[0], 2), weights),
            v => Reference.WeightedSum(Reference.MaxPool(v[0], n, c, h, w, 2, 2), weights), threads, maxChecksPerInput: 300);
    }

    [Theory]
    [InlineData(2, null)]
    [InlineData(3, 2)]
    public void MaxPool2d_passes_the_gradient_check(int kernel, int? stride)
    {
        int n = 2, c = 3, h = 7, w = 8, s = stride ?? kernel;
        double[] x = Random(n * c * h * w, 27, -3, 3);
        int oh = ((h - kernel) / s) + 1, ow = ((w - kernel) / s) + 1;
        double[] weights = Random(n * c * oh * ow, 28);
        Check([(x, [n, h, w, c])], (t, v) => WeightedSum(t, Ops.MaxPool2d(t, v[0], kernel, stride), weights),
            v => Reference.WeightedSum(Reference.MaxPool(v[0], n, c, h, w, kernel, s), weights));
    }

    [Theory]
    [InlineData(1, 16, 1, 0, 2, null, 1)]
    [InlineData(8, 16, 1, 1, 2, null, 2)]
    [InlineData(3, 5, 2, 1, 3, 2, 1)]
    public void Fused_conv_relu_maxpool_passes_the_gradient_check(int c, int o, int stride, int padding, int pool, int? poolStride, int threads)
    {
        int n = 3, h = 10, wd = 9, k = 3, ps = poolStride ?? pool;
        double[] x = Random(n * c * h * wd, 46), w = Random(o * c * k * k, 47, -0.4, 0.4), b = Random(o, 48, -0.2, 0.2);
        Reference.Conv2d(x, w, b, n, c, h, wd, o, k, stride, padding, out int oh, out int ow);
        int ph = ((oh - pool) / ps) + 1, pw = ((ow - pool) / ps) + 1;
        double[] weights = Random(n * ph * pw * o, 49);
        Check([(x, [n, h, wd, c]), (w, [o, k, k, c]), (b, [o])],
            (t, v) => WeightedSum(t, Ops.Conv2dReluMaxPool(t, v[0], v[1], v[2], stride, padding, pool, poolStride), weights),
            v =>
            {
                double[] y = Reference.Map(Reference.Conv2d(v[0], v[1], v[2], n, c, h, wd, o, k, stride, padding, out _, out _), Reference.Relu);
                return Reference.WeightedSum(Reference.MaxPool(y, n, o, oh, ow, pool, ps), weights);
            },
            threads, maxChecksPerInput: 150);
    }

    [Fact]
    public void Fused_conv_relu_maxpool_equals_the_three_operations_in_sequence()
    {
        int n = 5, c = 4, h = 12, wd = 12, o = 16;
        Tensor Input() => ToTensor(Random(n * c * h * wd, 50), [n, h, wd, c]);
        Tensor Weight() => ToTensor(Random(o * c * 25, 51, -0.3, 0.3), [o, 5, 5, c]);
        Tensor Bias() => ToTensor(Random(o, 52, -0.1, 0.1), [o]);
        double[] weights = Random(n * 4 * 4 * o, 53);
        (Tensor x1, Tensor w1, Tensor b1, Tensor x2, Tensor w2, Tensor b2) = (Input(), Weight(), Bias(), Input(), Weight(), Bias());
        var fusedTape = new Tape();
        Tensor fused = Ops.Conv2dReluMaxPool(fusedTape, x1, w1, b1, 1, 0, 2);
        fusedTape.Backward(WeightedSum(fusedTape, fused, weights));
        var plainTape = new Tape();
        Tensor plain = Ops.MaxPool2d(plainTape, Ops.Relu(plainTape, Ops.Conv2d(plainTape, x2, w2, b2)), 2);
        plainTape.Backward(WeightedSum(plainTape, plain, weights));

        Assert.Equal(plain.Data.ToArray(), fused.Data.ToArray());
        foreach ((Tensor a, Tensor e) in new[] { (x1, x2), (w1, w2), (b1, b2) })
        {
            float[] got = a.Gradient.ToArray(), expected = e.Gradient.ToArray();
            for (int i = 0; i < got.Length; i++)
            {
                Assert.Equal(expected[i], got[i], 1e-5f);
            }
        }
    }

    [Fact]
    public void Reshape_and_flatten_pass_the_gradient_check()
    {
        double[] x = Random(24, 29), w = Random(24, 30);
        Check([(x, [2, 3, 4])], (t, v) => WeightedSum(t, Ops.Reshape(t, Ops.Flatten(t, v[0]), 4, 6), w), v => Reference.WeightedSum(v[0], w));
    }

    [Fact]
    public void Dropout_passes_the_gradient_check_for_its_mask_and_keeps_the_expectation()
    {
        double[] x = Random(40, 31, 0.5, 1.5), w = Random(40, 32);
        var tape = new Tape();
        Tensor probe = Ops.Dropout(tape, ToTensor(x, [40], false), 0.25f, seed: 9);
        double[] mask = probe.Data.ToArray().Select((y, i) => y / (double)(float)x[i]).ToArray();
        Assert.All(mask, m => Assert.True(m == 0 || Math.Abs(m - (1 / 0.75)) < 1e-5));
        Check([(x, [40])], (t, v) => WeightedSum(t, Ops.Dropout(t, v[0], 0.25f, seed: 9), w),
            v => Reference.WeightedSum(v[0].Select((xv, i) => xv * mask[i]).ToArray(), w));

        var big = new Tape();
        Tensor ones = new(Enumerable.Repeat(1f, 100_000).ToArray(), 100_000);
        float mean = Ops.Dropout(big, ones, 0.3f, seed: 1).Data.ToArray().Average();
        Assert.InRange(mean, 0.98f, 1.02f);
    }
}

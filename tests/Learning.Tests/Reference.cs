namespace OrleansFed.Learning.Tests;

/// <summary>Naive double-precision reference implementations of the engine's operations, for gradient checks.</summary>
internal static class Reference
{
    public static double[] Linear(double[] x, double[] w, double[]? b, int batch, int inputs, int outputs)
    {
        var y = new double[batch * outputs];
        for (int i = 0; i < batch; i++)
        {
            for (int o = 0; o < outputs; o++)
            {
                double s = b?[o] ?? 0;
                for (int k = 0; k < inputs; k++)
                {
                    s += x[(i * inputs) + k] * w[(k * outputs) + o];
                }

                y[(i * outputs) + o] = s;
            }
        }

        return y;
    }

    /// <summary>Channels-last convolution: x [n, h, w, c], w [o, k, k, c], y [n, oh, ow, o].</summary>
    public static double[] Conv2d(double[] x, double[] w, double[]? b, int n, int c, int h, int wd, int o, int k, int stride, int pad, out int oh, out int ow)
    {
        oh = ((h + (2 * pad) - k) / stride) + 1;
        ow = ((wd + (2 * pad) - k) / stride) + 1;
        var y = new double[n * o * oh * ow];
        for (int s = 0; s < n; s++)
        {
            for (int r = 0; r < oh; r++)
            {
                for (int q = 0; q < ow; q++)
                {
                    for (int co = 0; co < o; co++)
                    {
                        double sum = b?[co] ?? 0;
                        for (int ki = 0; ki < k; ki++)
                        {
                            for (int kj = 0; kj < k; kj++)
                            {
                                int ih = (r * stride) - pad + ki, iw = (q * stride) - pad + kj;
                                if (ih < 0 || ih >= h || iw < 0 || iw >= wd)
                                {
                                    continue;
                                }

                                for (int ci = 0; ci < c; ci++)
                                {
                                    sum += x[(((((s * h) + ih) * wd) + iw) * c) + ci] * w[(((((co * k) + ki) * k) + kj) * c) + ci];
                                }
                            }
                        }

                        y[(((((s * oh) + r) * ow) + q) * o) + co] = sum;
                    }
                }
            }
        }

        return y;
    }

    /// <summary>Channels-last max pooling: x [n, h, w, c].</summary>
    public static double[] MaxPool(double[] x, int n, int c, int h, int w, int k, int stride)
    {
        int oh = ((h - k) / stride) + 1, ow = ((w - k) / stride) + 1;
        var y = new double[n * oh * ow * c];
        for (int s = 0; s < n; s++)
        {
            for (int r = 0; r < oh; r++)
            {
                for (int q = 0; q < ow; q++)
                {
                    for (int ch = 0; ch < c; ch++)
                    {
                        double m = double.NegativeInfinity;
                        for (int i = 0; i < k; i++)
                        {
                            for (int j = 0; j < k; j++)
                            {
                                m = Math.Max(m, x[(((((s * h) + (r * stride) + i) * w) + (q * stride) + j) * c) + ch]);
                            }
                        }

                        y[(((((s * oh) + r) * ow) + q) * c) + ch] = m;
                    }
                }
            }
        }

        return y;
    }

    public static double[] Map(double[] x, Func<double, double> f) => x.Select(f).ToArray();

    public static double Relu(double v) => Math.Max(0, v);

    public static double BoundedRelu(double v) => Math.Min(1, Math.Max(0, v));

    public static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));

    public static double[] Softmax(double[] x, int n, bool log)
    {
        var y = new double[x.Length];
        for (int r = 0; r < x.Length / n; r++)
        {
            double max = double.NegativeInfinity;
            for (int i = 0; i < n; i++)
            {
                max = Math.Max(max, x[(r * n) + i]);
            }

            double sum = 0;
            for (int i = 0; i < n; i++)
            {
                sum += Math.Exp(x[(r * n) + i] - max);
            }

            for (int i = 0; i < n; i++)
            {
                double logp = x[(r * n) + i] - max - Math.Log(sum);
                y[(r * n) + i] = log ? logp : Math.Exp(logp);
            }
        }

        return y;
    }

    public static double CrossEntropy(double[] logits, int[] labels, int classes, bool mean)
    {
        double[] logp = Softmax(logits, classes, log: true);
        double total = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            total -= logp[(i * classes) + labels[i]];
        }

        return mean ? total / labels.Length : total;
    }

    public static double WeightedSum(double[] y, double[] weights)
    {
        double s = 0;
        for (int i = 0; i < y.Length; i++)
        {
            s += y[i] * weights[i];
        }

        return s;
    }

    public static double[] MatMul(double[] a, double[] b, int m, int k, int n)
    {
        var c = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++)
                {
                    s += a[(i * k) + p] * b[(p * n) + j];
                }

                c[(i * n) + j] = s;
            }
        }

        return c;
    }
}

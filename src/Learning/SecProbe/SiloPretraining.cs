namespace OrleansFed.Learning.SecProbe;

/// <summary>
/// The silo's preparation of the initial weights it hands out: the hidden layer is trained by plain SGD on the silo's
/// own auxiliary data (never a participant's) with a throw-away softmax head, then the output layer is zeroed, so the
/// federation starts from useful bounded features and learns every output weight from the participants.
/// </summary>
public static class SiloPretraining
{
    /// <summary>The per-example SGD step the silo pretrains with (simulator and HTTP campaigns alike).</summary>
    public const double DefaultLearningRate = 0.02;

    /// <summary>Trains W1, b1 of <paramref name="weights"/> in place; W2 is set to zero.</summary>
    /// <param name="network">The architecture (classification).</param>
    /// <param name="weights">Initial parameters, updated in place.</param>
    /// <param name="data">The silo's data.</param>
    /// <param name="epochs">Passes over the data (0 leaves the hidden layer as it is).</param>
    /// <param name="learningRate">Per-example SGD step.</param>
    /// <param name="seed">Shuffling seed.</param>
    public static void TrainHiddenLayer(SecProbeNetwork network, Span<float> weights, Dataset data, int epochs, double learningRate, int seed)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(epochs);
        if (weights.Length != network.ParameterCount || data.FeatureCount != network.Inputs || data.ClassCount != network.Outputs)
        {
            throw new ArgumentException("The weights or the data do not match the network.", nameof(data));
        }

        int p = network.Inputs, hidden = network.Hidden, classes = network.Outputs;
        var w1 = weights[..(hidden * p)];
        var b1 = weights.Slice(hidden * p, hidden);
        var head = new double[classes * (hidden + 1)];
        var z = new double[hidden];
        var h = new double[hidden];
        var logits = new double[classes];
        var dh = new double[hidden];
        var order = new int[data.Count];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var random = new Random(seed);
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (int i in order)
            {
                var x = data.Features(i);
                for (int j = 0; j < hidden; j++)
                {
                    z[j] = b1[j] + System.Numerics.Tensors.TensorPrimitives.Dot(w1.Slice(j * p, p), x);
                    h[j] = Math.Clamp(z[j], -1, 1);
                }

                double max = double.NegativeInfinity;
                for (int k = 0; k < classes; k++)
                {
                    double s = head[k * (hidden + 1) + hidden];
                    for (int j = 0; j < hidden; j++)
                    {
                        s += head[k * (hidden + 1) + j] * h[j];
                    }

                    logits[k] = s;
                    max = Math.Max(max, s);
                }

                double total = 0;
                for (int k = 0; k < classes; k++)
                {
                    logits[k] = Math.Exp(logits[k] - max);
                    total += logits[k];
                }

                Array.Clear(dh);
                for (int k = 0; k < classes; k++)
                {
                    double g = logits[k] / total - (data.Label(i) == k ? 1 : 0);
                    for (int j = 0; j < hidden; j++)
                    {
                        dh[j] += g * head[k * (hidden + 1) + j];
                        head[k * (hidden + 1) + j] -= learningRate * g * h[j];
                    }

                    head[k * (hidden + 1) + hidden] -= learningRate * g;
                }

                for (int j = 0; j < hidden; j++)
                {
                    if (z[j] > -1 && z[j] < 1 && dh[j] != 0)
                    {
                        float step = (float)(learningRate * dh[j]);
                        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(x, -step, w1.Slice(j * p, p), w1.Slice(j * p, p));
                        b1[j] -= step;
                    }
                }
            }
        }

        weights[network.OutputOffset..].Clear();
    }
}

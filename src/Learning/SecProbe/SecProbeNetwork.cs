namespace OrleansFed.Learning.SecProbe;

/// <summary>
/// The multilayer perceptron of SecProbe (Zhao et al.): inputs in [0, 1], one hidden layer of bounded units
/// clamp(·, −1, 1) (the paper bounds its ReLUs to [0, 1]; the symmetric bound keeps the features centred, see
/// docs/secprobe.md), and an output layer that reads the hidden features plus a constant bias feature. Classification
/// predicts the arg-max of the C output scores; regression predicts sigmoid of its single score. Every hidden feature
/// is multiplied by <see cref="FeatureScale"/>, so ‖h‖₁ ≤ <see cref="FeatureL1Bound"/> = D·scale — the bound the
/// functional mechanism's sensitivity depends on. Parameters live in one flat vector: W1 (H×P, row per hidden unit),
/// b1 (H), then W2 (C×D, row per output) with D = H + 1.
/// </summary>
public sealed class SecProbeNetwork
{
    /// <summary>Creates the architecture.</summary>
    /// <param name="inputs">P, the input width.</param>
    /// <param name="hidden">H, the hidden width.</param>
    /// <param name="outputs">C classes, or 1 for regression.</param>
    /// <param name="featureScale">The factor on every feature; 1 is the paper's [0, 1] features, 1/D bounds ‖h‖₁ by 1.</param>
    public SecProbeNetwork(int inputs, int hidden, int outputs, double featureScale)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hidden, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        if (!(featureScale > 0 && featureScale <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(featureScale), "The feature scale must lie in (0, 1].");
        }

        Inputs = inputs;
        Hidden = hidden;
        Outputs = outputs;
        FeatureScale = featureScale;
    }

    /// <summary>
    /// The feature scale s = 1/D, D = <paramref name="hidden"/> + 1 features, that bounds every tuple's ‖h‖₁ by 1 (the
    /// choice docs/secprobe.md explains); public and data-independent.
    /// </summary>
    /// <param name="hidden">H, the hidden width.</param>
    /// <returns>1/(H + 1).</returns>
    public static double UnitL1FeatureScale(int hidden) => 1.0 / (hidden + 1);

    /// <summary>P.</summary>
    public int Inputs { get; }

    /// <summary>H.</summary>
    public int Hidden { get; }

    /// <summary>C (1 for regression).</summary>
    public int Outputs { get; }

    /// <summary>The factor applied to every feature.</summary>
    public double FeatureScale { get; }

    /// <summary>D = H + 1: the hidden features plus the bias feature, the width the output layer reads.</summary>
    public int FeatureDimension => Hidden + 1;

    /// <summary>The largest ‖h‖₁ of any input: D·scale.</summary>
    public double FeatureL1Bound => FeatureDimension * FeatureScale;

    /// <summary>Where W2 starts in the parameter vector.</summary>
    public int OutputOffset => Hidden * Inputs + Hidden;

    /// <summary>Total parameter count.</summary>
    public int ParameterCount => OutputOffset + Outputs * FeatureDimension;

    /// <summary>
    /// Initial parameters: hidden weights uniform in ±4/√P, hidden biases uniform in ±0.25, output weights zero
    /// (seeded, so every run with the same seed starts alike).
    /// </summary>
    /// <param name="seed">The seed.</param>
    public float[] Initialize(int seed)
    {
        var random = new Random(seed);
        var weights = new float[ParameterCount];
        double bound = 4 / Math.Sqrt(Inputs);
        for (int i = 0; i < Hidden * Inputs; i++)
        {
            weights[i] = (float)((2 * random.NextDouble() - 1) * bound);
        }

        for (int j = 0; j < Hidden; j++)
        {
            weights[Hidden * Inputs + j] = (float)((2 * random.NextDouble() - 1) * 0.25);
        }

        return weights;
    }

    /// <summary>The features h(x) ∈ [−scale, scale]^D of one input (the last one is the bias feature, = scale).</summary>
    /// <param name="weights">The parameters.</param>
    /// <param name="input">x, of length P.</param>
    /// <param name="destination">Receives h, of length D.</param>
    public void Features(ReadOnlySpan<float> weights, ReadOnlySpan<float> input, Span<double> destination)
    {
        CheckWeights(weights);
        if (input.Length != Inputs || destination.Length != FeatureDimension)
        {
            throw new ArgumentException($"Expected {Inputs} inputs and {FeatureDimension} feature slots.", nameof(input));
        }

        var biases = weights.Slice(Hidden * Inputs, Hidden);
        for (int j = 0; j < Hidden; j++)
        {
            double z = biases[j] + System.Numerics.Tensors.TensorPrimitives.Dot(weights.Slice(j * Inputs, Inputs), input);
            destination[j] = Math.Clamp(z, -1, 1) * FeatureScale;
        }

        destination[Hidden] = FeatureScale;
    }

    /// <summary>The feature matrix of <paramref name="count"/> row-major inputs: count × D, row-major.</summary>
    /// <param name="weights">The parameters.</param>
    /// <param name="inputs">count × P values.</param>
    /// <param name="count">Number of rows.</param>
    public double[] FeatureMatrix(ReadOnlySpan<float> weights, ReadOnlySpan<float> inputs, int count)
    {
        if (inputs.Length != count * Inputs)
        {
            throw new ArgumentException($"Expected {count} rows of {Inputs} inputs.", nameof(inputs));
        }

        int d = FeatureDimension;
        var matrix = new double[count * d];
        for (int i = 0; i < count; i++)
        {
            Features(weights, inputs.Slice(i * Inputs, Inputs), matrix.AsSpan(i * d, d));
        }

        return matrix;
    }

    /// <summary>The output scores z_k = W2_k·h of one feature vector.</summary>
    /// <param name="weights">The parameters.</param>
    /// <param name="features">h.</param>
    /// <param name="destination">Receives C scores.</param>
    public void Scores(ReadOnlySpan<float> weights, ReadOnlySpan<double> features, Span<double> destination)
    {
        CheckWeights(weights);
        int d = FeatureDimension;
        for (int k = 0; k < Outputs; k++)
        {
            var row = weights.Slice(OutputOffset + k * d, d);
            double z = 0;
            for (int j = 0; j < d; j++)
            {
                z += row[j] * features[j];
            }

            destination[k] = z;
        }
    }

    /// <summary>Fraction of rows whose arg-max score is the label.</summary>
    /// <param name="weights">The parameters.</param>
    /// <param name="data">Inputs and labels.</param>
    public double Accuracy(ReadOnlySpan<float> weights, Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Count == 0)
        {
            return 0;
        }

        Span<double> h = new double[FeatureDimension];
        Span<double> z = new double[Outputs];
        int correct = 0;
        for (int i = 0; i < data.Count; i++)
        {
            Features(weights, data.Features(i), h);
            Scores(weights, h, z);
            int best = 0;
            for (int k = 1; k < Outputs; k++)
            {
                if (z[k] > z[best])
                {
                    best = k;
                }
            }

            correct += best == data.Label(i) ? 1 : 0;
        }

        return (double)correct / data.Count;
    }

    /// <summary>The regression prediction sigmoid(z₀) of one input.</summary>
    /// <param name="weights">The parameters.</param>
    /// <param name="input">x.</param>
    public double Predict(ReadOnlySpan<float> weights, ReadOnlySpan<float> input)
    {
        Span<double> h = stackalloc double[FeatureDimension <= 512 ? FeatureDimension : 0];
        if (h.IsEmpty)
        {
            h = new double[FeatureDimension];
        }

        if (Outputs != 1)
        {
            throw new InvalidOperationException("Only a single-output (regression) network predicts a value.");
        }

        Features(weights, input, h);
        Span<double> z = stackalloc double[1];
        Scores(weights, h, z);
        return 1 / (1 + Math.Exp(-z[0]));
    }

    private void CheckWeights(ReadOnlySpan<float> weights)
    {
        if (weights.Length != ParameterCount)
        {
            throw new ArgumentException($"Expected {ParameterCount} parameters, got {weights.Length}.", nameof(weights));
        }
    }
}

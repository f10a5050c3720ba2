using OrleansFed.Learning.Autograd;
using OrleansFed.Learning.Optimizers;

namespace OrleansFed.Learning.DpSgd;

/// <summary>
/// Trains a model with DP-SGD: each step includes every example independently with probability q = L/N (Poisson
/// sampling, which is what the subsampled-Gaussian RDP analysis assumes), computes the clipped, noised gradient with
/// <see cref="DpSgdGradient"/> divided by L, and takes an SGD step.
/// </summary>
public static class DpSgdTrainer
{
    /// <summary>
    /// The accounting of a whole run of <paramref name="options"/> on <paramref name="datasetSize"/> examples, before it
    /// runs: q = L/N, σ and epochs · round(N/L) steps — what a budget check projects (<see cref="Train"/> reports the
    /// steps it actually took).
    /// </summary>
    /// <param name="options">Settings.</param>
    /// <param name="datasetSize">N.</param>
    /// <returns>The planned (q, σ, steps).</returns>
    /// <exception cref="ArgumentException">The expected batch size exceeds the data set, or the settings are invalid.</exception>
    public static DpSgdAccounting Plan(DpSgdOptions options, int datasetSize)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (datasetSize <= 0 || options.ExpectedBatchSize > datasetSize)
        {
            throw new ArgumentException("DP-SGD needs an expected batch size no larger than the data set.", nameof(datasetSize));
        }

        double q = (double)options.ExpectedBatchSize / datasetSize;
        return new DpSgdAccounting(q, options.NoiseMultiplier, (long)options.Epochs * StepsPerEpoch(q), options.ClipNorm, datasetSize, options.ExpectedBatchSize);
    }

    private static int StepsPerEpoch(double q) => (int)Math.Round(1.0 / q);

    /// <summary>Runs DP-SGD and returns the accounting parameters of the run.</summary>
    /// <param name="model">The model to train (in place).</param>
    /// <param name="data">Training data.</param>
    /// <param name="options">Settings.</param>
    /// <param name="ct">Checked between steps.</param>
    /// <returns>Loss, clipping statistics and the (q, σ, steps) to account.</returns>
    public static DpSgdResult Train(Model model, Dataset data, DpSgdOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (data.FeatureCount != model.Spec.InputSize)
        {
            throw new ArgumentException($"The data has {data.FeatureCount} features; the model expects {model.Spec.InputSize}.", nameof(data));
        }

        if (data.Count == 0 || options.ExpectedBatchSize > data.Count)
        {
            throw new ArgumentException("DP-SGD needs an expected batch size no larger than the data set.", nameof(data));
        }

        INoiseSource source = options.Noise ?? SecureGaussian.Shared;
        double q = (double)options.ExpectedBatchSize / data.Count;
        int stepsPerEpoch = StepsPerEpoch(q);
        var gradient = new DpSgdGradient(options.ClipNorm, options.NoiseMultiplier, source);
        var optimizer = new Sgd(model.Parameters, options.LearningRate, options.Momentum);
        var tape = new Tape(options.Threads);
        double[] uniforms = new double[data.Count];
        var batch = new List<int>(options.ExpectedBatchSize * 2);
        int[] labels = new int[data.Count];
        int features = data.FeatureCount;
        ReadOnlySpan<float> all = data.AllFeatures;
        model.Network.Training = true;
        long steps = 0, samples = 0;
        double lossSum = 0, clippedSum = 0;
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            for (int step = 0; step < stepsPerEpoch; step++)
            {
                ct.ThrowIfCancellationRequested();
                source.FillUniform(uniforms);
                batch.Clear();
                for (int i = 0; i < uniforms.Length; i++)
                {
                    if (uniforms[i] < q)
                    {
                        batch.Add(i);
                    }
                }

                steps++;
                if (batch.Count == 0)
                {
                    gradient.NoiseOnly(model.Parameters, options.ExpectedBatchSize);
                    optimizer.Step();
                    continue;
                }

                Tensor input = model.NewInput(tape, batch.Count);
                Span<float> x = input.Data;
                for (int i = 0; i < batch.Count; i++)
                {
                    all.Slice(batch[i] * features, features).CopyTo(x.Slice(i * features, features));
                    labels[i] = data.Label(batch[i]);
                }

                Tensor logits = model.Network.Forward(tape, input);
                Tensor loss = Losses.SoftmaxCrossEntropy(tape, logits, labels.AsSpan(0, batch.Count), Reduction.Sum);
                lossSum += loss.Data[0];
                clippedSum += gradient.Compute(tape, loss, batch.Count, model.Parameters, options.ExpectedBatchSize) * batch.Count;
                optimizer.Step();
                tape.Reset();
                samples += batch.Count;
            }
        }

        var accounting = new DpSgdAccounting(q, options.NoiseMultiplier, steps, options.ClipNorm, data.Count, options.ExpectedBatchSize);
        return new DpSgdResult(samples, samples == 0 ? 0 : lossSum / samples, samples == 0 ? 0 : clippedSum / samples, accounting);
    }
}

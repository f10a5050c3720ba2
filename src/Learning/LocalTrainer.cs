using OrleansFed.Learning.Autograd;
using OrleansFed.Learning.Optimizers;
using OrleansFed.Learning.Tensors;

namespace OrleansFed.Learning;

/// <summary>Trains and evaluates a <see cref="Model"/> on local data (mini-batch SGD, softmax cross-entropy).</summary>
public static class LocalTrainer
{
    private const int EvaluationBatch = 500;

    /// <summary>
    /// Runs <see cref="TrainingOptions.Epochs"/> epochs of mini-batch SGD on the mean softmax cross-entropy, drawing a
    /// fresh permutation of the data every epoch (seeded by <see cref="TrainingOptions.Seed"/>). With a positive
    /// <see cref="TrainingOptions.ProximalMu"/> the FedProx term μ·(w − w_start) is added to each step's gradient.
    /// </summary>
    /// <param name="model">The model to train (updated in place).</param>
    /// <param name="data">Training data whose feature count and classes fit the model.</param>
    /// <param name="options">Settings.</param>
    /// <param name="ct">Checked between steps.</param>
    /// <returns>What was done.</returns>
    public static TrainingResult Train(Model model, Dataset data, TrainingOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        CheckFits(model, data);
        if (data.Count == 0 || options.Epochs == 0)
        {
            return new TrainingResult(0, 0, 0);
        }

        var optimizer = new Sgd(model.Parameters, options.LearningRate, options.Momentum);
        var random = new DeterministicRandom(options.Seed, stream: 0xE90C);
        int batchSize = Math.Min(options.BatchSize, data.Count);
        var step = new ShardedStep(model, options.Threads, batchSize);
        var proximal = options.ProximalMu > 0 ? new ProximalTerm(model.Parameters, options.ProximalMu) : null;
        model.Network.Training = true;
        double lossSum = 0;
        int steps = 0;
        long samples = 0;
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            int[] order = random.Permutation(data.Count);
            for (int start = 0; start < order.Length; start += batchSize)
            {
                ct.ThrowIfCancellationRequested();
                int count = Math.Min(batchSize, order.Length - start);
                optimizer.ZeroGrad();
                lossSum += step.Run(data, order, start, count) * count;
                proximal?.AddGradient(model.Parameters);
                optimizer.Step();
                step.Reset();
                steps++;
                samples += count;
            }
        }

        return new TrainingResult((int)Math.Min(samples, int.MaxValue), steps, lossSum / samples);
    }

    /// <summary>Accuracy and mean cross-entropy of <paramref name="model"/> on <paramref name="data"/> (dropout off).</summary>
    /// <param name="model">The model.</param>
    /// <param name="data">Labelled data that fits the model.</param>
    /// <returns>The evaluation.</returns>
    public static Evaluation Evaluate(Model model, Dataset data) => Evaluate(model, data, threads: 1);

    /// <summary>Accuracy and mean cross-entropy of <paramref name="model"/> on <paramref name="data"/>, using worker threads.</summary>
    /// <param name="model">The model.</param>
    /// <param name="data">Labelled data that fits the model.</param>
    /// <param name="threads">Worker threads for the kernels.</param>
    /// <returns>The evaluation.</returns>
    public static Evaluation Evaluate(Model model, Dataset data, int threads)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        CheckFits(model, data);
        if (data.Count == 0)
        {
            return new Evaluation(0, 0, 0);
        }

        var tape = new Tape(threads, recordGradients: false);
        bool wasTraining = model.Network.Training;
        model.Network.Training = false;
        try
        {
            int correct = 0;
            double loss = 0;
            int classes = model.Spec.Classes;
            float[] probabilities = new float[classes];
            ReadOnlySpan<float> all = data.AllFeatures;
            for (int start = 0; start < data.Count; start += EvaluationBatch)
            {
                int count = Math.Min(EvaluationBatch, data.Count - start);
                Tensor logits = model.Forward(tape, all.Slice(start * data.FeatureCount, count * data.FeatureCount), count);
                ReadOnlySpan<float> z = logits.Data;
                for (int i = 0; i < count; i++)
                {
                    ReadOnlySpan<float> row = z.Slice(i * classes, classes);
                    int label = data.Label(start + i);
                    loss += Losses.SoftmaxRow(row, probabilities, label);
                    if (ArgMax(row) == label)
                    {
                        correct++;
                    }
                }

                tape.Reset();
            }

            return new Evaluation((double)correct / data.Count, loss / data.Count, data.Count);
        }
        finally
        {
            model.Network.Training = wasTraining;
        }
    }

    internal static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }

    private static void CheckFits(Model model, Dataset data)
    {
        if (data.FeatureCount != model.Spec.InputSize)
        {
            throw new ArgumentException($"The data has {data.FeatureCount} features; the model expects {model.Spec.InputSize}.", nameof(data));
        }

        if (data.ClassCount > model.Spec.Classes)
        {
            throw new ArgumentException($"The data has {data.ClassCount} classes; the model predicts {model.Spec.Classes}.", nameof(data));
        }
    }
}

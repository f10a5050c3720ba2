using OrleansFed.Learning;
using OrleansFed.Learning.SecProbe;
using OrleansFed.Privacy.FunctionalMechanism;
using OrleansFed.Privacy.Randomness;

namespace OrleansFed.Client.SecProbe;

/// <summary>
/// SecProbe's participant side (Algorithm 3): from the silo's weights, compute the last-layer features of the local
/// data (the hidden layer is the silo's, hence public), build the degree-2 functional-mechanism objective of the output
/// layer, add Laplace noise of scale Δ/ε₂ to every coefficient once (Lemma 3 or 4 sensitivity), then run I gradient
/// steps on the noisy objective starting from the silo's output weights. Everything after the noise is post-processing,
/// so the uploaded weights are ε₂-DP for the round's local data.
/// </summary>
public sealed class FunctionalMechanismTrainer
{
    private readonly SecProbeNetwork _network;
    private readonly FunctionalMechanismOptions _options;

    /// <summary>Creates the trainer.</summary>
    /// <param name="network">The architecture.</param>
    /// <param name="options">ε₂, I, step size, ridge.</param>
    public FunctionalMechanismTrainer(SecProbeNetwork network, FunctionalMechanismOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _network = network;
        _options = options;
    }

    /// <summary>One round on classification data; returns the sanitized weights to upload.</summary>
    /// <param name="global">The silo's weights.</param>
    /// <param name="data">The local data.</param>
    /// <param name="random">The noise source (a fresh <see cref="CryptoRandomSource"/> when null).</param>
    public float[] TrainClassifier(ReadOnlySpan<float> global, Dataset data, RandomSource? random = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.ClassCount != _network.Outputs || data.FeatureCount != _network.Inputs)
        {
            throw new ArgumentException("The data does not match the network's inputs and classes.", nameof(data));
        }

        var inputs = new float[data.Count * data.FeatureCount];
        for (int i = 0; i < data.Count; i++)
        {
            data.Features(i).CopyTo(inputs.AsSpan(i * data.FeatureCount));
        }

        var features = _network.FeatureMatrix(global, inputs, data.Count);
        double b = _network.FeatureL1Bound;
        double sensitivity = ClassificationSensitivity(data.ClassCount);
        PolynomialObjective[] objectives;
        if (_options.Release == FunctionalMechanismRelease.ClassSums)
        {
            var statistics = MulticlassLogisticStatistics.Compute(features, data.Labels, data.ClassCount, b);
            objectives = (_options.Noiseless ? statistics : statistics.Perturb(_options.Epsilon, sensitivity, random)).ToObjectives();
        }
        else
        {
            var exact = OutputLayerObjectives.MulticlassLogistic(features, data.Labels, data.ClassCount, b);
            objectives = _options.Noiseless ? exact : OutputLayerObjectives.Perturb(exact, _options.Epsilon, sensitivity, random);
        }

        return Descend(global, objectives, data.Count, RidgeFor(sensitivity, data.Count), b * b / 4,
            _options.LearningRate ?? FunctionalMechanismOptions.DefaultLearningRate);
    }

    /// <summary>
    /// Δ of the classification release in force: Lemma 4's C(b + b²/4) for <see cref="FunctionalMechanismRelease.PerClass"/>,
    /// 2b + b²/4 for <see cref="FunctionalMechanismRelease.ClassSums"/>.
    /// </summary>
    /// <param name="classes">C.</param>
    public double ClassificationSensitivity(int classes) => _options.Release == FunctionalMechanismRelease.ClassSums
        ? MulticlassLogisticStatistics.Sensitivity(_network.FeatureL1Bound)
        : OutputLayerObjectives.MulticlassLogisticSensitivity(classes, _network.FeatureL1Bound);

    /// <summary>One round on regression data; returns the sanitized weights to upload.</summary>
    /// <param name="global">The silo's weights.</param>
    /// <param name="data">The local data.</param>
    /// <param name="random">The noise source (a fresh <see cref="CryptoRandomSource"/> when null).</param>
    public float[] TrainRegressor(ReadOnlySpan<float> global, RegressionData data, RandomSource? random = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (_network.Outputs != 1 || data.FeatureCount != _network.Inputs)
        {
            throw new ArgumentException("The data does not match a single-output network's inputs.", nameof(data));
        }

        var features = _network.FeatureMatrix(global, data.Inputs, data.Count);
        var targets = new double[data.Count];
        for (int i = 0; i < targets.Length; i++)
        {
            targets[i] = data.Targets[i];
        }

        var exact = OutputLayerObjectives.SigmoidSquaredError(features, targets, _network.FeatureL1Bound);
        double sensitivity = OutputLayerObjectives.SigmoidSquaredErrorSensitivity(_network.FeatureL1Bound);
        IReadOnlyList<PolynomialObjective> objectives = _options.Noiseless ? [exact] : OutputLayerObjectives.Perturb([exact], _options.Epsilon, sensitivity, random);
        return Descend(global, objectives, data.Count, RegressionRidgeFor(sensitivity, data.Count), RegressionCurvature,
            _options.LearningRate ?? FunctionalMechanismOptions.DefaultRegressionLearningRate);
    }

    /// <summary>
    /// I steps of w ← w − η(∇f(w)/n + λw) per output row, with η = ρ/(λ + L), from the silo's output weights; the hidden
    /// layer is copied.
    /// </summary>
    /// <param name="global">The silo's weights.</param>
    /// <param name="objectives">One (perturbed) objective per output row, summed over the tuples.</param>
    /// <param name="tuples">n.</param>
    /// <param name="ridge">λ, from public quantities only.</param>
    /// <param name="curvature">L, a public bound on the curvature of the exact mean objective.</param>
    /// <param name="relativeStep">ρ.</param>
    internal float[] Descend(
        ReadOnlySpan<float> global, IReadOnlyList<PolynomialObjective> objectives, int tuples, double ridge, double curvature, double relativeStep)
    {
        var result = global.ToArray();
        int d = _network.FeatureDimension;
        var w = new double[d];
        var gradient = new double[d];
        double step = relativeStep / (ridge + curvature);
        for (int k = 0; k < objectives.Count; k++)
        {
            var objective = objectives[k];
            var row = result.AsSpan(_network.OutputOffset + k * d, d);
            for (int j = 0; j < d; j++)
            {
                w[j] = row[j];
            }

            for (int iteration = 0; iteration < _options.Iterations; iteration++)
            {
                Gradient(objective, w, gradient);
                for (int j = 0; j < d; j++)
                {
                    w[j] -= step * (gradient[j] / tuples + ridge * w[j]);
                }
            }

            for (int j = 0; j < d; j++)
            {
                row[j] = (float)w[j];
            }
        }

        return result;
    }

    /// <summary>
    /// L of the regression objective: <see cref="OutputLayerObjectives.SigmoidSquaredErrorCurvature"/> at the network's
    /// feature bounds, s·b/8 (≈ 3.8·10⁻³ for D = 33). The classification steps keep the L1-only bound b²/4.
    /// </summary>
    public double RegressionCurvature =>
        OutputLayerObjectives.SigmoidSquaredErrorCurvature(_network.FeatureL1Bound, _network.FeatureScale);

    /// <summary>λ in force for classification: the configured one, or max(0.01·b², 4·(Δ/(ε₂·n))·√d) (0.01·b² without noise).</summary>
    /// <param name="sensitivity">Δ.</param>
    /// <param name="tuples">n.</param>
    public double RidgeFor(double sensitivity, int tuples)
    {
        double b = _network.FeatureL1Bound;
        return Ridge(0.01 * b * b, sensitivity, tuples);
    }

    /// <summary>
    /// λ in force for regression: the configured one, or max(10⁻³·L, 4·(Δ/(ε₂·n))·√d) with L =
    /// <see cref="RegressionCurvature"/> (10⁻³·L without noise). The floor only keeps the objective strictly convex; the
    /// classification floor 0.01·b² would exceed the regression objective's whole curvature and pin its minimiser at 0.
    /// </summary>
    /// <param name="sensitivity">Δ.</param>
    /// <param name="tuples">n.</param>
    public double RegressionRidgeFor(double sensitivity, int tuples) => Ridge(1e-3 * RegressionCurvature, sensitivity, tuples);

    private double Ridge(double floor, double sensitivity, int tuples)
    {
        if (_options.Ridge is { } ridge)
        {
            return ridge;
        }

        return _options.Noiseless
            ? floor
            : Math.Max(floor, 4 * sensitivity / (_options.Epsilon * tuples) * Math.Sqrt(_network.FeatureDimension));
    }

    /// <summary>∇f(w) = α + (2β_jj w_j + Σ_{l≠j} β_jl w_l)_j for f = c + αᵀw + Σ_{j≤l} β_jl w_j w_l.</summary>
    internal static void Gradient(PolynomialObjective objective, ReadOnlySpan<double> w, Span<double> gradient)
    {
        int d = objective.Dimension;
        objective.Linear.CopyTo(gradient);
        var beta = objective.Quadratic;
        int q = 0;
        for (int j = 0; j < d; j++)
        {
            gradient[j] += 2 * beta[q++] * w[j];
            for (int l = j + 1; l < d; l++)
            {
                double b = beta[q++];
                gradient[j] += b * w[l];
                gradient[l] += b * w[j];
            }
        }
    }
}

namespace OrleansFed.Learning.SecProbe;

/// <summary>
/// A tabular regression set for SecProbe's regression path: inputs in [0, 1] and targets in [0, 1], row-major.
/// </summary>
public sealed class RegressionData
{
    private readonly float[] _inputs;
    private readonly float[] _targets;

    /// <summary>Wraps inputs and targets (not copied).</summary>
    /// <param name="inputs">count × featureCount values in [0, 1].</param>
    /// <param name="targets">count values in [0, 1].</param>
    /// <param name="featureCount">Inputs per row.</param>
    public RegressionData(float[] inputs, float[] targets, int featureCount)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentOutOfRangeException.ThrowIfLessThan(featureCount, 1);
        if ((long)targets.Length * featureCount != inputs.Length)
        {
            throw new ArgumentException($"{targets.Length} targets need {targets.Length * featureCount} inputs.", nameof(inputs));
        }

        foreach (float v in inputs)
        {
            if (!(v >= 0 && v <= 1))
            {
                throw new ArgumentException("Every input must lie in [0, 1].", nameof(inputs));
            }
        }

        foreach (float v in targets)
        {
            if (!(v >= 0 && v <= 1))
            {
                throw new ArgumentException("Every target must lie in [0, 1].", nameof(targets));
            }
        }

        _inputs = inputs;
        _targets = targets;
        FeatureCount = featureCount;
    }

    /// <summary>Rows.</summary>
    public int Count => _targets.Length;

    /// <summary>Inputs per row.</summary>
    public int FeatureCount { get; }

    /// <summary>All inputs, row-major.</summary>
    public ReadOnlySpan<float> Inputs => _inputs;

    /// <summary>All targets.</summary>
    public ReadOnlySpan<float> Targets => _targets;

    /// <summary>The inputs of row <paramref name="index"/>.</summary>
    /// <param name="index">Row.</param>
    public ReadOnlySpan<float> Row(int index) => _inputs.AsSpan(index * FeatureCount, FeatureCount);

    /// <summary>Copies of the rows at <paramref name="indices"/>.</summary>
    /// <param name="indices">Row indices.</param>
    public RegressionData Subset(ReadOnlySpan<int> indices)
    {
        var inputs = new float[indices.Length * FeatureCount];
        var targets = new float[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            Row(indices[i]).CopyTo(inputs.AsSpan(i * FeatureCount, FeatureCount));
            targets[i] = _targets[indices[i]];
        }

        return new RegressionData(inputs, targets, FeatureCount);
    }

    /// <summary>
    /// A seeded synthetic set standing in for the paper's census data: inputs uniform in [0, 1]^p and the target
    /// 0.1 + 0.8·sigmoid(8(a·x − c)) + small uniform noise, clipped to [0.05, 1], with a fixed random direction a and c = a·½.
    /// Targets stay away from 0 so the relative error is meaningful.
    /// </summary>
    /// <param name="count">Rows.</param>
    /// <param name="featureCount">p.</param>
    /// <param name="seed">The seed of the direction and the rows.</param>
    public static RegressionData Synthetic(int count, int featureCount, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(featureCount, 1);
        var direction = new Random(7919 + featureCount);
        var a = new double[featureCount];
        double norm = 0;
        for (int j = 0; j < featureCount; j++)
        {
            a[j] = direction.NextDouble() * 2 - 0.5;
            norm += Math.Abs(a[j]);
        }

        double center = 0;
        for (int j = 0; j < featureCount; j++)
        {
            a[j] /= norm;
            center += a[j] * 0.5;
        }

        var random = new Random(seed);
        var inputs = new float[count * featureCount];
        var targets = new float[count];
        for (int i = 0; i < count; i++)
        {
            double dot = 0;
            for (int j = 0; j < featureCount; j++)
            {
                float x = (float)random.NextDouble();
                inputs[i * featureCount + j] = x;
                dot += a[j] * x;
            }

            double y = 0.1 + 0.8 / (1 + Math.Exp(-8 * (dot - center))) + (random.NextDouble() - 0.5) * 0.04;
            targets[i] = (float)Math.Clamp(y, 0.05, 1);
        }

        return new RegressionData(inputs, targets, featureCount);
    }
}

namespace OrleansFed.Learning;

/// <summary>
/// A labelled data set held in memory: dense float features (row-major, one row per example, already scaled)
/// and an integer class label per example.
/// </summary>
public sealed class Dataset
{
    private readonly float[] _features;
    private readonly int[] _labels;

    /// <summary>Wraps features and labels (not copied; do not mutate them afterwards).</summary>
    /// <param name="features">Row-major features, <paramref name="featureCount"/> per example.</param>
    /// <param name="labels">One label in [0, <paramref name="classCount"/>) per example.</param>
    /// <param name="featureCount">Features per example.</param>
    /// <param name="classCount">Number of classes.</param>
    public Dataset(float[] features, int[] labels, int featureCount, int classCount)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(featureCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        if ((long)labels.Length * featureCount != features.Length)
        {
            throw new ArgumentException(
                $"{labels.Length} labels need {(long)labels.Length * featureCount} features, got {features.Length}.", nameof(features));
        }

        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classCount)
            {
                throw new ArgumentException($"Label {labels[i]} at index {i} is outside [0, {classCount}).", nameof(labels));
            }
        }

        _features = features;
        _labels = labels;
        FeatureCount = featureCount;
        ClassCount = classCount;
    }

    /// <summary>Number of examples.</summary>
    public int Count => _labels.Length;

    /// <summary>Features per example.</summary>
    public int FeatureCount { get; }

    /// <summary>Number of classes.</summary>
    public int ClassCount { get; }

    /// <summary>All labels, one per example.</summary>
    public ReadOnlySpan<int> Labels => _labels;

    internal ReadOnlySpan<float> AllFeatures => _features;

    /// <summary>The features of example <paramref name="index"/>.</summary>
    /// <param name="index">Example index.</param>
    /// <returns>A span of <see cref="FeatureCount"/> values.</returns>
    public ReadOnlySpan<float> Features(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
        return _features.AsSpan(index * FeatureCount, FeatureCount);
    }

    /// <summary>The label of example <paramref name="index"/>.</summary>
    /// <param name="index">Example index.</param>
    /// <returns>The label.</returns>
    public int Label(int index) => _labels[index];

    /// <summary>A new data set holding copies of the examples at <paramref name="indices"/>, in that order.</summary>
    /// <param name="indices">Example indices (repeats allowed).</param>
    /// <returns>The subset.</returns>
    public Dataset Subset(ReadOnlySpan<int> indices)
    {
        float[] features = new float[(long)indices.Length * FeatureCount];
        int[] labels = new int[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            int index = indices[i];
            if ((uint)index >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), $"Index {index} is outside [0, {Count}).");
            }

            _features.AsSpan(index * FeatureCount, FeatureCount).CopyTo(features.AsSpan(i * FeatureCount));
            labels[i] = _labels[index];
        }

        return new Dataset(features, labels, FeatureCount, ClassCount);
    }
}

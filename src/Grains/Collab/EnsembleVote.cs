namespace OrleansFed.Grains.Collab;

/// <summary>
/// Inference through the aggregator in FedCollabNN: each worker sends its model's predicted class per example, and the
/// aggregator answers with the plurality class (ties go to the smallest class index, so the rule is deterministic).
/// </summary>
public static class EnsembleVote
{
    /// <summary>The plurality class of every example.</summary>
    /// <param name="predictions">One array per worker, each with one class in [0, <paramref name="classes"/>) per example, all the same length.</param>
    /// <param name="classes">Number of classes (≥ 2).</param>
    /// <returns>The ensemble's class per example.</returns>
    /// <exception cref="ArgumentException">No worker, ragged arrays, or a class out of range.</exception>
    public static int[] Vote(IReadOnlyList<int[]> predictions, int classes)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        if (predictions.Count == 0 || predictions.Any(p => p is null))
        {
            throw new ArgumentException("The ensemble needs at least one worker's predictions.", nameof(predictions));
        }

        int count = predictions[0].Length;
        if (predictions.Any(p => p.Length != count))
        {
            throw new ArgumentException("Every worker must predict the same number of examples.", nameof(predictions));
        }

        int[] result = new int[count];
        Span<int> votes = classes <= 256 ? stackalloc int[classes] : new int[classes];
        for (int i = 0; i < count; i++)
        {
            votes.Clear();
            for (int w = 0; w < predictions.Count; w++)
            {
                int c = predictions[w][i];
                if ((uint)c >= (uint)classes)
                {
                    throw new ArgumentException($"Worker {w} predicted class {c} for example {i}, outside [0, {classes}).", nameof(predictions));
                }

                votes[c]++;
            }

            int best = 0;
            for (int c = 1; c < classes; c++)
            {
                if (votes[c] > votes[best])
                {
                    best = c;
                }
            }

            result[i] = best;
        }

        return result;
    }

    /// <summary>Fraction of <paramref name="predicted"/> equal to <paramref name="labels"/>.</summary>
    /// <param name="predicted">Predicted classes.</param>
    /// <param name="labels">True classes, same length (non-empty).</param>
    /// <returns>The accuracy in [0, 1].</returns>
    public static double Accuracy(ReadOnlySpan<int> predicted, ReadOnlySpan<int> labels)
    {
        if (predicted.Length != labels.Length || labels.Length == 0)
        {
            throw new ArgumentException("Predictions and labels must be non-empty and of the same length.", nameof(labels));
        }

        int correct = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            if (predicted[i] == labels[i])
            {
                correct++;
            }
        }

        return (double)correct / labels.Length;
    }
}

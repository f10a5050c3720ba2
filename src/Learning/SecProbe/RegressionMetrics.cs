namespace OrleansFed.Learning.SecProbe;

/// <summary>The regression metrics of SecProbe: mean relative error (the paper's Eq. 18) and its clipped utility (Eq. 6).</summary>
public static class RegressionMetrics
{
    /// <summary>MRE = (1/n) Σ |ŷ_i − y_i| / y_i over rows with y_i &gt; 0 (rows with y_i = 0 are skipped).</summary>
    /// <param name="network">The network.</param>
    /// <param name="weights">Its parameters.</param>
    /// <param name="data">The rows.</param>
    public static double MeanRelativeError(SecProbeNetwork network, ReadOnlySpan<float> weights, RegressionData data)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        double total = 0;
        int rows = 0;
        for (int i = 0; i < data.Count; i++)
        {
            double y = data.Targets[i];
            if (y > 0)
            {
                total += Math.Abs(network.Predict(weights, data.Row(i)) - y) / y;
                rows++;
            }
        }

        return rows == 0 ? 0 : total / rows;
    }

    /// <summary>
    /// The utility of a regression model on a validation set: u = 1 − (1/n) Σ min(1, |ŷ_i − y_i| / y_i), i.e. each
    /// row's relative error clipped at 1, so u ∈ [0, 1] and one row moves it by at most 1/n.
    /// </summary>
    /// <param name="network">The network.</param>
    /// <param name="weights">Its parameters.</param>
    /// <param name="data">The validation rows.</param>
    public static double ClippedRelativeErrorUtility(SecProbeNetwork network, ReadOnlySpan<float> weights, RegressionData data)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        if (data.Count == 0)
        {
            return 0;
        }

        double total = 0;
        for (int i = 0; i < data.Count; i++)
        {
            double y = data.Targets[i];
            double error = y > 0 ? Math.Abs(network.Predict(weights, data.Row(i)) - y) / y : 1;
            total += Math.Min(1, error);
        }

        return 1 - total / data.Count;
    }
}

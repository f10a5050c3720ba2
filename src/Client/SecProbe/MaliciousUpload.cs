namespace OrleansFed.Client.SecProbe;

/// <summary>SecProbe's malicious participants for experiments: they upload weights drawn uniformly from [0, 1].</summary>
public static class MaliciousUpload
{
    /// <summary>A vector of <paramref name="count"/> uniform weights in [0, 1).</summary>
    /// <param name="count">The parameter count.</param>
    /// <param name="seed">The seed.</param>
    public static float[] RandomWeights(int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var random = new Random(seed);
        var weights = new float[count];
        for (int i = 0; i < count; i++)
        {
            weights[i] = (float)random.NextDouble();
        }

        return weights;
    }
}

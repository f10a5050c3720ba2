namespace OrleansFed.Learning.DpSgd;

/// <summary>A source of Gaussian noise for differentially private training.</summary>
public interface INoiseSource
{
    /// <summary>Adds independent N(0, <paramref name="standardDeviation"/>²) samples to every element of <paramref name="values"/>.</summary>
    /// <param name="values">Values to perturb in place.</param>
    /// <param name="standardDeviation">Noise standard deviation (≥ 0).</param>
    void AddGaussian(Span<float> values, double standardDeviation);

    /// <summary>Uniform samples in [0, 1), used for Poisson sampling of examples.</summary>
    /// <param name="destination">Filled with uniforms.</param>
    void FillUniform(Span<double> destination);
}

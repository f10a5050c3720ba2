namespace OrleansFed.Grains.Campaigns;

/// <summary>Creates a campaign's seeded initial global model from its model name.</summary>
public interface IInitialModelFactory
{
    /// <summary>Whether <paramref name="model"/> names a known model.</summary>
    /// <param name="model">Model name, e.g. <c>mlp</c>.</param>
    /// <returns><see langword="true"/> if known.</returns>
    bool IsKnown(string model);

    /// <summary>Creates the model's initial parameters, reproducibly from <paramref name="seed"/>.</summary>
    /// <param name="model">Model name.</param>
    /// <param name="seed">Seed.</param>
    /// <returns>The flattened parameters.</returns>
    /// <exception cref="ArgumentException">Unknown model name.</exception>
    float[] Create(string model, int seed);
}

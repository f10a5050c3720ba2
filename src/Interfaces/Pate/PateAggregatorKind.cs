namespace OrleansFed.Interfaces.Pate;

/// <summary>How the silo turns a query's vote histogram into a label.</summary>
public enum PateAggregatorKind
{
    /// <summary>Laplace noisy max (Papernot et al. 2017): argmax of counts + Lap(1/γ).</summary>
    LnMax = 0,

    /// <summary>Gaussian noisy max (Papernot et al. 2018): argmax of counts + N(0, σ²).</summary>
    GnMax = 1,

    /// <summary>Confident-GNMax: answer only if max count + N(0, σ₁²) ≥ T, then argmax of counts + N(0, σ₂²).</summary>
    ConfidentGnMax = 2,

    /// <summary>Zhao's local variant: teachers perturb their one-hot votes (truncated geometric); the silo takes the plain argmax.</summary>
    LocalGeometric = 3,
}

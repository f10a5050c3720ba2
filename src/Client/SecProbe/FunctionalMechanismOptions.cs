namespace OrleansFed.Client.SecProbe;

/// <summary>The participant's settings for SecProbe's Algorithm 3.</summary>
public sealed record FunctionalMechanismOptions
{
    /// <summary>Default I, the gradient iterations per round.</summary>
    public const int DefaultIterations = 10;

    /// <summary>Default relative step ρ for classification (the step is ρ/(λ + b²/4), b the feature L1 bound).</summary>
    public const double DefaultLearningRate = 0.05;

    /// <summary>
    /// Default relative step ρ for regression (the step is ρ/(λ + L), L the regression objective's curvature bound):
    /// the plain 1/(λ + L) step. The noiseless regression objective's curvature spans four orders of magnitude below L,
    /// and the classification default of 0.05 would leave it far from its minimiser after 30 rounds of I = 10 steps.
    /// </summary>
    public const double DefaultRegressionLearningRate = 1;

    /// <summary>ε₂: the functional mechanism's budget for one round's objective.</summary>
    public required double Epsilon { get; init; }

    /// <summary>I: gradient steps on the perturbed objective per round.</summary>
    public int Iterations { get; init; } = DefaultIterations;

    /// <summary>
    /// ρ: the step on the mean (per-tuple) objective is ρ/(λ + L), where L bounds the exact objective's curvature
    /// (classification: b²/4; regression: s·b/8, s the largest feature), so ρ ≤ 1 is a stable step and ρ·λ/(λ + L) the
    /// fraction of the way to the minimiser covered per iteration when the ridge dominates. When null:
    /// <see cref="DefaultLearningRate"/> for classification, <see cref="DefaultRegressionLearningRate"/> for regression.
    /// </summary>
    public double? LearningRate { get; init; }

    /// <summary>
    /// λ: an L2 penalty (λ/2)‖w‖² added to the mean objective. The Laplace noise on the quadratic coefficients makes the
    /// objective indefinite; λ must exceed the noise matrix's spectral norm for the steps to stay bounded. When null it is
    /// chosen from public quantities only: max(floor, 4·(Δ/(ε₂·n))·√d), about twice that norm, with the floor 0.01·b² for
    /// classification and 10⁻³·L for regression (L its curvature bound s·b/8).
    /// </summary>
    public double? Ridge { get; init; }

    /// <summary>
    /// How the classification objective's coefficients are released: <see cref="FunctionalMechanismRelease.PerClass"/>
    /// (the paper's Lemma 4 form, the default) or <see cref="FunctionalMechanismRelease.ClassSums"/> (the same objective
    /// from noisy per-class feature sums and one shared Gram matrix, Δ = 2b + b²/4). Regression has one release.
    /// </summary>
    public FunctionalMechanismRelease Release { get; init; } = FunctionalMechanismRelease.PerClass;

    /// <summary>No noise at all: a non-private reference for baselines only (ε₂ is then ignored).</summary>
    public bool Noiseless { get; init; }

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        if (!(Epsilon > 0) || !double.IsFinite(Epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(Epsilon), "ε₂ must be positive and finite.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(Iterations, 1, nameof(Iterations));
        if (LearningRate is { } rate && (!(rate > 0) || !double.IsFinite(rate)))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), "The learning rate must be positive and finite.");
        }

        if (Ridge is { } ridge && (!(ridge >= 0) || !double.IsFinite(ridge)))
        {
            throw new ArgumentOutOfRangeException(nameof(Ridge), "The ridge must be non-negative and finite.");
        }
    }
}

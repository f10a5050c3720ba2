namespace OrleansFed.Client.SecProbe;

/// <summary>The participant's settings for SecProbe's Algorithm 3.</summary>
public sealed record FunctionalMechanismOptions
{
    /// <summary>Default I, the gradient iterations per round.</summary>
    public const int DefaultIterations = 10;

    /// <summary>Default relative step ρ (the step is ρ/(λ + b²/4), b the feature L1 bound).</summary>
    public const double DefaultLearningRate = 0.05;

    /// <summary>ε₂: the functional mechanism's budget for one round's objective.</summary>
    public required double Epsilon { get; init; }

    /// <summary>I: gradient steps on the perturbed objective per round.</summary>
    public int Iterations { get; init; } = DefaultIterations;

    /// <summary>
    /// ρ: the step on the mean (per-tuple) objective is ρ/(λ + b²/4), where b²/4 bounds the exact objective's curvature,
    /// so ρ &lt; 1 is a stable step and ρ·λ/(λ + b²/4) the fraction of the way to the minimiser covered per iteration.
    /// </summary>
    public double LearningRate { get; init; } = DefaultLearningRate;

    /// <summary>
    /// λ: an L2 penalty (λ/2)‖w‖² added to the mean objective. The Laplace noise on the quadratic coefficients makes the
    /// objective indefinite; λ must exceed the noise matrix's spectral norm for the steps to stay bounded. When null it is
    /// chosen from public quantities only: max(0.01·b², 4·(Δ/(ε₂·n))·√d), about twice that norm.
    /// </summary>
    public double? Ridge { get; init; }

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
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), "The learning rate must be positive and finite.");
        }

        if (Ridge is { } ridge && (!(ridge >= 0) || !double.IsFinite(ridge)))
        {
            throw new ArgumentOutOfRangeException(nameof(Ridge), "The ridge must be non-negative and finite.");
        }
    }
}

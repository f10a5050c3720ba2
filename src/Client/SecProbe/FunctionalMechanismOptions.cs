namespace OrleansFed.Client.SecProbe;

/// <summary>The participant's settings for SecProbe's Algorithm 3.</summary>
public sealed record FunctionalMechanismOptions
{
    /// <summary>Default I, the SGD iterations per round.</summary>
    public const int DefaultIterations = 20;

    /// <summary>Default step size on the per-tuple (mean) objective.</summary>
    public const double DefaultLearningRate = 2.0;

    /// <summary>ε₂: the functional mechanism's budget for one round's objective.</summary>
    public required double Epsilon { get; init; }

    /// <summary>I: gradient steps on the perturbed objective per round.</summary>
    public int Iterations { get; init; } = DefaultIterations;

    /// <summary>Step size; the objective is divided by the tuple count first (post-processing), so it is per tuple.</summary>
    public double LearningRate { get; init; } = DefaultLearningRate;

    /// <summary>λ: an L2 penalty (λ/2)‖w‖² added to the mean objective, which keeps steps bounded when noise makes it non-convex.</summary>
    public double Ridge { get; init; }

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

        if (!(Ridge >= 0) || !double.IsFinite(Ridge))
        {
            throw new ArgumentOutOfRangeException(nameof(Ridge), "The ridge must be non-negative and finite.");
        }
    }
}

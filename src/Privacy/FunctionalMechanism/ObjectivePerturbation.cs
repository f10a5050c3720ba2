using OrleansFed.Privacy.Mechanisms;
using OrleansFed.Privacy.Randomness;

namespace OrleansFed.Privacy.FunctionalMechanism;

/// <summary>
/// The functional mechanism's release step: Laplace noise of scale Δ/ε on every monomial coefficient of the objective
/// (through the exact <see cref="LaplaceMechanism"/>), after which minimising the noisy objective is post-processing.
/// The result is ε-DP when Δ bounds the L1 change of the coefficient vector from one tuple.
/// </summary>
public static class ObjectivePerturbation
{
    /// <summary>Perturbs every coefficient of <paramref name="objective"/>.</summary>
    /// <param name="objective">The exact objective.</param>
    /// <param name="epsilon">ε.</param>
    /// <param name="sensitivity">Δ, e.g. <see cref="RegressionObjectives.LinearRegressionSensitivity"/>.</param>
    /// <param name="random">The secure source (a fresh <see cref="CryptoRandomSource"/> when null).</param>
    public static PolynomialObjective Perturb(PolynomialObjective objective, double epsilon, double sensitivity, RandomSource? random = null)
    {
        ArgumentNullException.ThrowIfNull(objective);
        var mechanism = new LaplaceMechanism(sensitivity, epsilon, random);
        var coefficients = objective.ToCoefficientVector();
        mechanism.Release(coefficients, coefficients);
        return PolynomialObjective.FromCoefficientVector(objective.Dimension, coefficients);
    }
}

namespace OrleansFed.Learning.Autograd;

/// <summary>
/// Per-example coefficients of a loss that is a polynomial of degree ≤ 2 in each network output:
/// loss_i = Σ_j (Constant[i,j] + Linear[i,j]·y_ij + Quadratic[i,j]·y_ij²). The functional mechanism builds these
/// from a Taylor expansion of the true loss and perturbs them with noise before training on them.
/// </summary>
public sealed class PolynomialCoefficients
{
    /// <summary>Creates zero coefficients for a batch.</summary>
    /// <param name="batch">Examples.</param>
    /// <param name="outputs">Network outputs per example.</param>
    public PolynomialCoefficients(int batch, int outputs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        Batch = batch;
        Outputs = outputs;
        Constant = new float[batch * outputs];
        Linear = new float[batch * outputs];
        Quadratic = new float[batch * outputs];
    }

    /// <summary>Examples.</summary>
    public int Batch { get; }

    /// <summary>Outputs per example.</summary>
    public int Outputs { get; }

    /// <summary>Degree-0 coefficients [batch·outputs], row-major.</summary>
    public float[] Constant { get; }

    /// <summary>Degree-1 coefficients [batch·outputs], row-major.</summary>
    public float[] Linear { get; }

    /// <summary>Degree-2 coefficients [batch·outputs], row-major.</summary>
    public float[] Quadratic { get; }
}

namespace OrleansFed.Learning.Autograd;

/// <summary>How a loss combines the per-example losses of a batch.</summary>
public enum Reduction
{
    /// <summary>The mean over the batch (the usual training objective).</summary>
    Mean,

    /// <summary>The sum over the batch (DP-SGD differentiates per-example losses).</summary>
    Sum,
}

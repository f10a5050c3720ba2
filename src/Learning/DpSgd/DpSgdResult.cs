namespace OrleansFed.Learning.DpSgd;

/// <summary>What a DP-SGD run did.</summary>
/// <param name="Samples">Examples processed (sum of the sampled batch sizes).</param>
/// <param name="MeanLoss">Mean training loss over the processed examples.</param>
/// <param name="ClippedFraction">Fraction of processed examples whose gradient was clipped.</param>
/// <param name="Accounting">Sampling rate, noise multiplier and steps, for the accountant.</param>
public sealed record DpSgdResult(long Samples, double MeanLoss, double ClippedFraction, DpSgdAccounting Accounting);

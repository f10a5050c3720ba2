using OrleansFed.Privacy.Accounting;

namespace OrleansFed.Grains.DifferentialPrivacy;

/// <summary>
/// What one accepted <c>dp-sgd</c> update costs its participant: the local DP-SGD run the task asked for, counted as
/// the participant's trainer runs it — expected batch L = min(batch size, N), Poisson rate q = L / N, round(N / L)
/// steps per epoch — for src/Privacy's RDP accountant.
/// </summary>
public static class DpSgdParticipantCost
{
    /// <summary>The subsampled Gaussian event of one local run.</summary>
    /// <param name="noiseMultiplier">σ.</param>
    /// <param name="sampleCount">N: the participant's declared local data size.</param>
    /// <param name="batchSize">The task's batch size (the expected batch size).</param>
    /// <param name="localEpochs">The task's local epochs.</param>
    /// <returns>The event.</returns>
    public static SubsampledGaussianEvent ForRun(double noiseMultiplier, long sampleCount, int batchSize, int localEpochs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleCount, 1L);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(localEpochs, 1);
        var expected = Math.Min(batchSize, sampleCount);
        var q = (double)expected / sampleCount;
        var stepsPerEpoch = (long)Math.Round(1.0 / q);
        return new SubsampledGaussianEvent(q, noiseMultiplier, localEpochs * stepsPerEpoch);
    }
}

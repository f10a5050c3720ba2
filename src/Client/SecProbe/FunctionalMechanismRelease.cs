namespace OrleansFed.Client.SecProbe;

/// <summary>How a participant releases the classification objective's coefficients (see <see cref="FunctionalMechanismOptions.Release"/>).</summary>
public enum FunctionalMechanismRelease
{
    /// <summary>Every coefficient of the C per-class objectives, Laplace noise with Lemma 4's Δ = C(b + b²/4).</summary>
    PerClass,

    /// <summary>
    /// The per-class feature sums and one Gram matrix shared by all classes, Laplace noise with Δ = 2b + b²/4; the
    /// objectives are rebuilt from them (<see cref="OrleansFed.Privacy.FunctionalMechanism.MulticlassLogisticStatistics"/>).
    /// </summary>
    ClassSums,
}

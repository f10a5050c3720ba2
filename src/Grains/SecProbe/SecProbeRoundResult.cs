using System.Collections.Immutable;

namespace OrleansFed.Grains.SecProbe;

/// <summary>The outcome of a SecProbe round.</summary>
/// <param name="Round">Round number.</param>
/// <param name="Accepted">The M accepted participants, in arrival order.</param>
/// <param name="Scores">Their validation utilities, in the same order.</param>
/// <param name="Selected">The K chosen participants, in draw order.</param>
/// <param name="NewGlobalWeights">The average of the K uploads: the next round's global model.</param>
/// <param name="AllAcceptedAverage">The plain (FedAvg) average of all M accepted uploads, for comparison.</param>
public sealed record SecProbeRoundResult(
    int Round,
    ImmutableArray<string> Accepted,
    ImmutableArray<double> Scores,
    ImmutableArray<string> Selected,
    float[] NewGlobalWeights,
    float[] AllAcceptedAverage);

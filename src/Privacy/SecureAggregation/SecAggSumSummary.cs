namespace OrleansFed.Privacy.SecureAggregation;

/// <summary>The aggregate counters decoded from a secure-aggregation sum.</summary>
/// <param name="Contributors">How many vectors are in the sum.</param>
/// <param name="Samples">Their total sample count.</param>
/// <param name="MeanLoss">Their mean training loss.</param>
public sealed record SecAggSumSummary(int Contributors, long Samples, float MeanLoss);

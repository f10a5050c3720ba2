namespace OrleansFed.Interfaces.Pate;

/// <summary>One answered query: a public sample id and the label the aggregator released for it.</summary>
/// <param name="QueryId">The query (sample) id.</param>
/// <param name="Label">The released class.</param>
public readonly record struct LabeledQuery(int QueryId, int Label);

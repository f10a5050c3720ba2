namespace OrleansFed.Interfaces.Grains;

/// <summary>
/// Durable state of a server-side adaptive optimizer (FedAdam, FedYogi): its step count and first and second moment
/// vectors, one value per model parameter. Kept with the campaign's checkpoint so a restart continues exactly.
/// </summary>
/// <param name="Step">Number of server optimizer steps taken so far.</param>
/// <param name="FirstMoment">First moment m (one value per parameter).</param>
/// <param name="SecondMoment">Second moment v (one value per parameter).</param>
public sealed record ServerOptimizerState(long Step, ReadOnlyMemory<float> FirstMoment, ReadOnlyMemory<float> SecondMoment);

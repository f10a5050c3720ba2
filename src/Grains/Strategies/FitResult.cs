namespace OrleansFed.Grains.Strategies;

/// <summary>One participant's contribution to a round, as a strategy aggregates it.</summary>
/// <param name="ParticipantId">Participant id.</param>
/// <param name="SampleCount">Samples the participant trained on.</param>
/// <param name="TrainLoss">Its mean local training loss.</param>
/// <param name="Weights">Its trained parameters.</param>
public sealed record FitResult(string ParticipantId, long SampleCount, float TrainLoss, ReadOnlyMemory<float> Weights);

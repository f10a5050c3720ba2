using OrleansFed.Interfaces.Wire;

namespace OrleansFed.Client.Participant;

/// <summary>What a <see cref="ParticipantNode"/> just did, reported to an optional observer.</summary>
/// <param name="Kind">The step.</param>
/// <param name="Round">Round concerned (0 when none).</param>
/// <param name="ModelVersion">Global model version concerned (-1 when none).</param>
/// <param name="TrainLoss">Mean local training loss, after <see cref="ParticipantProgressKind.Submitted"/>.</param>
/// <param name="Model">The downloaded global model, after <see cref="ParticipantProgressKind.ModelDownloaded"/>.</param>
public sealed record ParticipantProgress(
    ParticipantProgressKind Kind, int Round = 0, long ModelVersion = -1, double? TrainLoss = null, ModelBlob? Model = null);

namespace OrleansFed.Client.Participant;

/// <summary>How a participant's run ended.</summary>
/// <param name="ParticipantId">The participant's id in the campaign.</param>
/// <param name="RoundsSubmitted">Rounds whose update the silo acknowledged.</param>
/// <param name="Reconnects">Times the node had to wait for the silo to come back.</param>
/// <param name="EndReason">The silo's explanation of the campaign's end, if it gave one.</param>
public sealed record ParticipantRunSummary(string ParticipantId, int RoundsSubmitted, int Reconnects, string? EndReason);

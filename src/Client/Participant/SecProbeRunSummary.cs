namespace OrleansFed.Client.Participant;

/// <summary>How a SecProbe participant's run ended.</summary>
/// <param name="ParticipantId">The participant's id in the campaign.</param>
/// <param name="RoundsAccepted">Rounds whose upload the silo accepted (one of the first M).</param>
/// <param name="RoundsStopped">Rounds whose upload arrived after the round was full (told to stop; it still costs ε₂).</param>
/// <param name="RoundsSkipped">Rounds the node trained for but did not upload: the round had filled by the time training ended (no ε spent).</param>
/// <param name="EpsilonSpent">
/// The node's count: what the silo's ledger held when it started (a restarted node) plus ε₂ for every upload it sent
/// since, accepted or not; a re-sent upload counts once.
/// </param>
/// <param name="EndReason">Why it stopped: <c>completed</c>, <c>stopped</c> (by the operator), or <c>budget: …</c> (its own budget would be exceeded).</param>
public sealed record SecProbeRunSummary(string ParticipantId, int RoundsAccepted, int RoundsStopped, int RoundsSkipped, double EpsilonSpent, string EndReason);

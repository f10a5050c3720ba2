namespace OrleansFed.Interfaces.SecProbe;

/// <summary>
/// The answer to a claim of one of a round's M places, asked before training so a participant that would arrive too
/// late does not train and send an upload (which would cost it ε₂ and be discarded).
/// </summary>
/// <param name="Granted">The place is the participant's until the claim expires (or it already uploaded).</param>
/// <param name="Stop">The round is full: do not train for it.</param>
/// <param name="RetryAfterSeconds">Neither: every free place is claimed; the earliest claim expires in this many seconds.</param>
/// <param name="ExpiresInSeconds">When granted: seconds until the claim lapses and the place is free again.</param>
public sealed record SecProbeClaim(bool Granted, bool Stop, double RetryAfterSeconds, double ExpiresInSeconds);

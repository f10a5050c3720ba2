namespace OrleansFed.Interfaces.SecProbe;

/// <summary>The answer to an upload.</summary>
/// <param name="Accepted">True for one of the first M uploads.</param>
/// <param name="Position">Its arrival position (1..M), or 0 when told to stop.</param>
/// <param name="Stop">True when the round was already full: the participant should stop training for this round.</param>
public sealed record SecProbeUploadReceipt(bool Accepted, int Position, bool Stop);

namespace OrleansFed.Privacy.SecureAggregation;

/// <summary>
/// End of round 2, server → surviving clients: who sent a masked input (U3) and who shared keys but did not (U2 \ U3).
/// A client reveals self-mask shares of survivors and masking-key shares of dropped parties, never both for one party.
/// </summary>
/// <param name="Survivors">U3.</param>
/// <param name="Dropped">U2 \ U3.</param>
public sealed record UnmaskingRequest(IReadOnlyList<int> Survivors, IReadOnlyList<int> Dropped);

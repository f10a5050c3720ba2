namespace OrleansFed.Interfaces.Collab;

/// <summary>
/// What one member sends the silo for one attempt of a step: its own silo share, and the ring sum of the shares it
/// kept and received from the other members. Both are uniformly random on their own; only the sum over every member
/// is meaningful (the fixed-point sum of the losses).
/// </summary>
/// <param name="Worker">The member's participant id.</param>
/// <param name="Step">The step number.</param>
/// <param name="Attempt">The attempt number the shares were made for (membership of that attempt).</param>
/// <param name="SiloShare">The member's share destined for the silo, in Z_(2^64).</param>
/// <param name="PartialSum">Own kept share plus the shares received from every other member, in Z_(2^64).</param>
public sealed record CollabShareSubmission(string Worker, long Step, int Attempt, ulong SiloShare, ulong PartialSum);

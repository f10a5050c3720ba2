namespace OrleansFed.Interfaces.SecAgg;

/// <summary>The step a secure-aggregation round attempt is in.</summary>
public enum SecAggPhase
{
    /// <summary>Step 0: collecting each selected participant's two public keys.</summary>
    Advertising,

    /// <summary>Step 1: collecting encrypted Shamir shares for each neighbour.</summary>
    SharingKeys,

    /// <summary>Step 2: collecting masked, quantized updates.</summary>
    MaskedInput,

    /// <summary>Step 3: collecting the survivors' revealed shares.</summary>
    Unmasking,

    /// <summary>The sum of the survivors' updates is reconstructed.</summary>
    Finished,

    /// <summary>Too few parties remained at some step; the attempt is abandoned.</summary>
    Aborted,
}

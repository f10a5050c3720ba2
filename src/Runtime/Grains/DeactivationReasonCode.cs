namespace OrleansFed.Runtime;

/// <summary>Why an activation is being deactivated.</summary>
public enum DeactivationReasonCode
{
    /// <summary>No reason given.</summary>
    None = 0,

    /// <summary>The activation was idle for longer than <see cref="GrainRuntimeOptions.CollectionAge"/>.</summary>
    ActivationIdle = 1,

    /// <summary>The grain called <see cref="Grain.DeactivateOnIdle"/>.</summary>
    ApplicationRequested = 2,

    /// <summary>A grain method let an <see cref="InconsistentStateException"/> escape; the next call re-reads state.</summary>
    ApplicationError = 3,

    /// <summary>The runtime is stopping.</summary>
    ShuttingDown = 4,
}

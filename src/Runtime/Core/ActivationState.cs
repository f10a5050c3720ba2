namespace OrleansFed.Runtime.Core;

/// <summary>The life cycle of an activation; it only moves forward.</summary>
internal enum ActivationState
{
    /// <summary>In the directory, nothing started yet (a lost directory race leaves an activation here forever, harmlessly).</summary>
    Created,

    /// <summary>Constructing the grain, reading its states, running OnActivateAsync; work waits in the queue.</summary>
    Activating,

    /// <summary>Processing work.</summary>
    Valid,

    /// <summary>Running OnDeactivateAsync; new work is refused and waits for a fresh activation.</summary>
    Deactivating,

    /// <summary>Gone from the directory.</summary>
    Invalid,
}

namespace OrleansFed.Runtime;

/// <summary>
/// A write or clear carried an ETag that no longer matches the stored record (another writer got there first).
/// Nothing was changed. When this exception escapes a grain method, the runtime deactivates the activation so the
/// next call re-reads the state.
/// </summary>
public sealed class InconsistentStateException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InconsistentStateException()
        : this("The stored ETag does not match the ETag of the write.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public InconsistentStateException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public InconsistentStateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception describing an ETag mismatch.</summary>
    /// <param name="message">The message (the ETags are appended).</param>
    /// <param name="storedEtag">The ETag in storage (<see langword="null"/> if no record is stored).</param>
    /// <param name="currentEtag">The ETag the writer held (<see langword="null"/> if it expected no record).</param>
    public InconsistentStateException(string message, string? storedEtag, string? currentEtag)
        : base($"{message} Stored ETag: {storedEtag ?? "(none)"}, ETag of the write: {currentEtag ?? "(none)"}.")
    {
        StoredEtag = storedEtag;
        CurrentEtag = currentEtag;
    }

    /// <summary>The ETag in storage when the write was rejected (<see langword="null"/> if no record was stored).</summary>
    public string? StoredEtag { get; }

    /// <summary>The ETag the rejected writer held (<see langword="null"/> if it expected no record).</summary>
    public string? CurrentEtag { get; }
}

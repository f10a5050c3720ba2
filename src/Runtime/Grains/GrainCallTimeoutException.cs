namespace OrleansFed.Runtime;

/// <summary>
/// A grain call got no response within <see cref="GrainRuntimeOptions.ResponseTimeout"/>, e.g. because of a call
/// cycle between non-reentrant grains. A call still queued is dropped; one already running keeps running.
/// </summary>
public sealed class GrainCallTimeoutException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    public GrainCallTimeoutException()
        : this("The grain call timed out.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public GrainCallTimeoutException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public GrainCallTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

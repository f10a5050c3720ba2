namespace OrleansFed.Runtime;

/// <summary>
/// A grain could not be activated: its class could not be constructed, a state could not be read, its
/// <see cref="Grain.OnActivateAsync"/> failed, or the runtime is stopping. The inner exception holds the cause.
/// The next call tries a fresh activation.
/// </summary>
public sealed class GrainActivationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GrainActivationException()
        : this("The grain could not be activated.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public GrainActivationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public GrainActivationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

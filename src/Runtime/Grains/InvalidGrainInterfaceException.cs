namespace OrleansFed.Runtime;

/// <summary>
/// A grain interface cannot be used: a method has an unsupported return type or parameter kind, or an argument or
/// result type would share a mutable object across the grain boundary. Thrown when the first reference to the
/// interface is created, or by a call whose runtime argument type is mutable.
/// </summary>
public sealed class InvalidGrainInterfaceException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InvalidGrainInterfaceException()
        : this("The grain interface is not valid.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public InvalidGrainInterfaceException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public InvalidGrainInterfaceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

namespace OrleansFed.Privacy.SecureAggregation;

/// <summary>A secure-aggregation message was rejected or the protocol aborted; <see cref="Fault"/> says why.</summary>
public sealed class SecureAggregationException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="fault">The fault.</param>
    /// <param name="message">A description.</param>
    public SecureAggregationException(SecureAggregationFault fault, string message)
        : base(message)
    {
        Fault = fault;
    }

    /// <summary>Creates the exception with its cause.</summary>
    /// <param name="fault">The fault.</param>
    /// <param name="message">A description.</param>
    /// <param name="innerException">The cause.</param>
    public SecureAggregationException(SecureAggregationFault fault, string message, Exception innerException)
        : base(message, innerException)
    {
        Fault = fault;
    }

    /// <summary>Creates the exception.</summary>
    public SecureAggregationException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public SecureAggregationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public SecureAggregationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The fault.</summary>
    public SecureAggregationFault Fault { get; }
}

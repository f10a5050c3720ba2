namespace OrleansFed.Interfaces.Wire;

/// <summary>Thrown by <see cref="TensorWire"/> when a binary body fails validation.</summary>
public sealed class TensorWireException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="error">What was wrong.</param>
    /// <param name="message">Precise description (never contains tensor values).</param>
    public TensorWireException(TensorWireError error, string message)
        : base(message)
    {
        Error = error;
    }

    /// <summary>Creates the exception with <see cref="TensorWireError.InvalidHeader"/>.</summary>
    public TensorWireException()
        : this(TensorWireError.InvalidHeader, "Invalid tensor body.")
    {
    }

    /// <summary>Creates the exception with <see cref="TensorWireError.InvalidHeader"/>.</summary>
    /// <param name="message">Description.</param>
    public TensorWireException(string message)
        : this(TensorWireError.InvalidHeader, message)
    {
    }

    /// <summary>Creates the exception with <see cref="TensorWireError.InvalidHeader"/>.</summary>
    /// <param name="message">Description.</param>
    /// <param name="innerException">Cause.</param>
    public TensorWireException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = TensorWireError.InvalidHeader;
    }

    /// <summary>The kind of failure, for mapping to a precise error response.</summary>
    public TensorWireError Error { get; }
}

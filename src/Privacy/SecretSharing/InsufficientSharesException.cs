namespace OrleansFed.Privacy.SecretSharing;

/// <summary>Fewer shares than the threshold were offered; nothing about the secret can be recovered.</summary>
public sealed class InsufficientSharesException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="threshold">The shares required.</param>
    /// <param name="offered">The shares offered.</param>
    public InsufficientSharesException(int threshold, int offered)
        : base($"Reconstruction needs {threshold} shares; {offered} were offered.", "shares")
    {
        Threshold = threshold;
        Offered = offered;
    }

    /// <summary>Creates the exception.</summary>
    public InsufficientSharesException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public InsufficientSharesException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public InsufficientSharesException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The shares required.</summary>
    public int Threshold { get; }

    /// <summary>The shares offered.</summary>
    public int Offered { get; }
}

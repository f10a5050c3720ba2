namespace OrleansFed.Interfaces.Errors;

/// <summary>
/// Base of the domain errors grains raise for bad requests. Each subtype names a stable problem type
/// (<see cref="Api.ProblemTypes"/>) so the HTTP edge maps it to an RFC 7807 response. Messages never contain
/// tokens or update contents.
/// </summary>
public abstract class FederationException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected FederationException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, safe to show to the caller.</param>
    protected FederationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, safe to show to the caller.</param>
    /// <param name="innerException">Cause.</param>
    protected FederationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The stable problem type URI of this error.</summary>
    public abstract string ProblemType { get; }
}

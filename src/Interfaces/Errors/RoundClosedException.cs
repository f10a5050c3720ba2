using OrleansFed.Interfaces.Api;

namespace OrleansFed.Interfaces.Errors;

/// <summary>The round is not open for updates (closed, not started yet, paused, or the campaign ended).</summary>
public sealed class RoundClosedException : FederationException
{
    /// <summary>Creates the exception.</summary>
    public RoundClosedException()
        : base("The round is not open.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, safe to show to the caller.</param>
    public RoundClosedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, safe to show to the caller.</param>
    /// <param name="innerException">Cause.</param>
    public RoundClosedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override string ProblemType => ProblemTypes.RoundClosed;
}

using OrleansFed.Interfaces.Errors;

namespace OrleansFed.Interfaces.Pate;

/// <summary>The vote tally is not open for votes: it was never opened, or its batch was answered and it is closed.</summary>
public sealed class VoteTallyClosedException : FederationException
{
    /// <summary>Creates the exception.</summary>
    public VoteTallyClosedException()
        : base("The vote tally is not open.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, safe to show to the caller.</param>
    public VoteTallyClosedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, safe to show to the caller.</param>
    /// <param name="innerException">Cause.</param>
    public VoteTallyClosedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override string ProblemType => PateProblemTypes.TallyClosed;
}

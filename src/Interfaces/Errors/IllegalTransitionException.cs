using OrleansFed.Interfaces.Api;

namespace OrleansFed.Interfaces.Errors;

/// <summary>The requested lifecycle transition is not allowed from the campaign's current state.</summary>
public sealed class IllegalTransitionException : FederationException
{
    /// <summary>Creates the exception.</summary>
    public IllegalTransitionException()
        : base("The transition is not allowed.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, safe to show to the caller.</param>
    public IllegalTransitionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, safe to show to the caller.</param>
    /// <param name="innerException">Cause.</param>
    public IllegalTransitionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override string ProblemType => ProblemTypes.IllegalTransition;
}

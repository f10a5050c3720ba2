using OrleansFed.Interfaces.Api;

namespace OrleansFed.Interfaces.Errors;

/// <summary>The participant is not selected for the round's open attempt.</summary>
public sealed class NotSelectedException : FederationException
{
    /// <summary>Creates the exception.</summary>
    public NotSelectedException()
        : base("The participant is not selected for this round.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, safe to show to the caller.</param>
    public NotSelectedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, safe to show to the caller.</param>
    /// <param name="innerException">Cause.</param>
    public NotSelectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override string ProblemType => ProblemTypes.NotSelected;
}

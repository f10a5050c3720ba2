using OrleansFed.Interfaces.Api;

namespace OrleansFed.Interfaces.Errors;

/// <summary>An update's tensor length differs from the model's parameter count.</summary>
public sealed class WrongLengthException : FederationException
{
    /// <summary>Creates the exception.</summary>
    public WrongLengthException()
        : base("The update has the wrong length.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, safe to show to the caller.</param>
    public WrongLengthException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, safe to show to the caller.</param>
    /// <param name="innerException">Cause.</param>
    public WrongLengthException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override string ProblemType => ProblemTypes.WrongLength;
}

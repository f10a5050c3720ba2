using OrleansFed.Interfaces.Errors;

namespace OrleansFed.Interfaces.Pate;

/// <summary>The campaign's PATE privacy budget is spent: no further batch is opened and no further query answered.</summary>
public sealed class PateBudgetExhaustedException : FederationException
{
    /// <summary>Creates the exception.</summary>
    public PateBudgetExhaustedException()
        : base("The PATE privacy budget is exhausted; no further query is answered.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, safe to show to the caller.</param>
    public PateBudgetExhaustedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, safe to show to the caller.</param>
    /// <param name="innerException">Cause.</param>
    public PateBudgetExhaustedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override string ProblemType => PateProblemTypes.BudgetExhausted;
}

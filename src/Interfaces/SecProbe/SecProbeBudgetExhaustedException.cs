using OrleansFed.Interfaces.Errors;

namespace OrleansFed.Interfaces.SecProbe;

/// <summary>
/// Another upload would take a participant past the campaign's per-participant ε cap
/// (<see cref="SecProbeCampaignSpec.ParticipantEpsilonBudget"/>): the silo takes no further claim or upload from it.
/// </summary>
public sealed class SecProbeBudgetExhaustedException : FederationException
{
    /// <summary>Creates the exception.</summary>
    public SecProbeBudgetExhaustedException()
        : base("The participant's privacy budget in this SecProbe campaign is exhausted.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, safe to show to the caller.</param>
    public SecProbeBudgetExhaustedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, safe to show to the caller.</param>
    /// <param name="innerException">Cause.</param>
    public SecProbeBudgetExhaustedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The problem type shared with PATE's budget: <c>privacy-budget-exhausted</c> (409).</summary>
    public const string Type = Pate.PateProblemTypes.BudgetExhausted;

    /// <inheritdoc />
    public override string ProblemType => Type;
}

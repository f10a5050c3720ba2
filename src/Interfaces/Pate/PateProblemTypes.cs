using OrleansFed.Interfaces.Api;

namespace OrleansFed.Interfaces.Pate;

/// <summary>Stable RFC 7807 <c>type</c> URIs of the PATE errors.</summary>
public static class PateProblemTypes
{
    /// <summary>409: a teacher already voted on a query with a different contribution.</summary>
    public const string DuplicateVote = ProblemTypes.Prefix + "duplicate-vote";

    /// <summary>409: the vote tally is not open (never opened, or closed after the batch was answered).</summary>
    public const string TallyClosed = ProblemTypes.Prefix + "tally-closed";

    /// <summary>409: the campaign's PATE privacy budget is spent; no further query is answered.</summary>
    public const string BudgetExhausted = ProblemTypes.Prefix + "privacy-budget-exhausted";
}

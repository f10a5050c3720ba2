using OrleansFed.Interfaces.Errors;

namespace OrleansFed.Interfaces.Pate;

/// <summary>A teacher already voted on a query, and the new contribution differs from the recorded one; nothing changed.</summary>
public sealed class DuplicateVoteException : FederationException
{
    /// <summary>Creates the exception.</summary>
    public DuplicateVoteException()
        : base("The teacher already voted on this query.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, safe to show to the caller.</param>
    public DuplicateVoteException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, safe to show to the caller.</param>
    /// <param name="innerException">Cause.</param>
    public DuplicateVoteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for one teacher and query.</summary>
    /// <param name="teacherId">The teacher that voted twice.</param>
    /// <param name="queryId">The query.</param>
    public DuplicateVoteException(string teacherId, int queryId)
        : base($"Teacher '{teacherId}' already voted on query {queryId} with a different contribution; the contribution was rejected and nothing changed.")
    {
        TeacherId = teacherId;
        QueryId = queryId;
    }

    /// <summary>The teacher that voted twice.</summary>
    public string? TeacherId { get; }

    /// <summary>The query.</summary>
    public int QueryId { get; }

    /// <inheritdoc />
    public override string ProblemType => PateProblemTypes.DuplicateVote;
}

using OrleansFed.Interfaces.Errors;

namespace OrleansFed.Interfaces.Collab;

/// <summary>
/// A join or share submission does not fit the open step: a past or future step, a stale attempt, a phase that has
/// moved on (e.g. a late worker after the join deadline), or a worker that is not a member. Nothing was changed.
/// </summary>
public sealed class CollabStepConflictException : FederationException
{
    /// <summary>Creates the exception.</summary>
    public CollabStepConflictException()
        : base("The request does not fit the open step.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, safe to show to the caller.</param>
    public CollabStepConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, safe to show to the caller.</param>
    /// <param name="innerException">Cause.</param>
    public CollabStepConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override string ProblemType => CollabProblemTypes.StepConflict;
}

using OrleansFed.Interfaces.Api;

namespace OrleansFed.Interfaces.Collab;

/// <summary>Stable RFC 7807 <c>type</c> URIs of the FedCollabNN errors.</summary>
public static class CollabProblemTypes
{
    /// <summary>409: a join or submission is for a step or attempt that is not the open one, or for a step the worker was dropped from.</summary>
    public const string StepConflict = ProblemTypes.Prefix + "collab-step-conflict";
}

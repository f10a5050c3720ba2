using OrleansFed.Interfaces.Api;

namespace OrleansFed.Interfaces.Errors;

/// <summary>The campaign has completed, stopped or failed.</summary>
public sealed class CampaignEndedException : FederationException
{
    /// <summary>Creates the exception.</summary>
    public CampaignEndedException()
        : base("The campaign has ended.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, safe to show to the caller.</param>
    public CampaignEndedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, safe to show to the caller.</param>
    /// <param name="innerException">Cause.</param>
    public CampaignEndedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override string ProblemType => ProblemTypes.CampaignEnded;
}

using OrleansFed.Interfaces.Api;

namespace OrleansFed.Interfaces.Errors;

/// <summary>A campaign with the requested id already exists.</summary>
public sealed class CampaignExistsException : FederationException
{
    /// <summary>Creates the exception.</summary>
    public CampaignExistsException()
        : base("The campaign already exists.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, safe to show to the caller.</param>
    public CampaignExistsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, safe to show to the caller.</param>
    /// <param name="innerException">Cause.</param>
    public CampaignExistsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override string ProblemType => ProblemTypes.CampaignExists;
}

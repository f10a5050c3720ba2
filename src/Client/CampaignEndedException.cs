using System.Net;
using OrleansFed.Interfaces.Api;

namespace OrleansFed.Client;

/// <summary>
/// The campaign has ended (410 Gone, <see cref="ProblemTypes.CampaignEnded"/>): it completed, was stopped or failed.
/// A participant stops working for it.
/// </summary>
public sealed class CampaignEndedException : OrleansFedApiException
{
    /// <summary>Creates the exception from the 410 problem response.</summary>
    /// <param name="title">Problem <c>title</c>.</param>
    /// <param name="detail">Problem <c>detail</c>, if any.</param>
    public CampaignEndedException(string title, string? detail)
        : base(HttpStatusCode.Gone, ProblemTypes.CampaignEnded, title, detail)
    {
    }
}

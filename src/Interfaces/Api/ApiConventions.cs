namespace OrleansFed.Interfaces.Api;

/// <summary>Header names, media types and limits shared by the silo and its clients.</summary>
public static class ApiConventions
{
    /// <summary>Response header carrying the global model version on <c>GET /model</c>.</summary>
    public const string ModelVersionHeader = "X-OrleansFed-Model-Version";

    /// <summary>Media type of binary model and update bodies.</summary>
    public const string OctetStream = "application/octet-stream";

    /// <summary>Media type of every error response.</summary>
    public const string ProblemJson = "application/problem+json";

    /// <summary>Upper bound of the <c>waitSeconds</c> long-poll parameter.</summary>
    public const int MaxWaitSeconds = 60;

    /// <summary>Pattern every campaign id matches.</summary>
    public const string CampaignIdPattern = "^[a-z0-9-]{1,64}$";
}

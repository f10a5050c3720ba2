namespace OrleansFed.Interfaces.Api;

/// <summary>Stable RFC 7807 <c>type</c> URIs of every error the silo returns (documented in docs/api.md).</summary>
public static class ProblemTypes
{
    /// <summary>Common prefix of all problem types.</summary>
    public const string Prefix = "https://orleansfed.dev/problems/";

    /// <summary>400: a request body or parameter is invalid (e.g. a bad campaign configuration or JSON).</summary>
    public const string InvalidRequest = Prefix + "invalid-request";

    /// <summary>400: an update's tensor length differs from the model's parameter count.</summary>
    public const string WrongLength = Prefix + "wrong-length";

    /// <summary>400: an update holds NaN or ±Infinity.</summary>
    public const string NonFinite = Prefix + "non-finite";

    /// <summary>400: a binary body is malformed (magic, version, truncated, lengths) or names another round.</summary>
    public const string MalformedBody = Prefix + "malformed-body";

    /// <summary>401: missing or unknown bearer token.</summary>
    public const string Unauthorized = Prefix + "unauthorized";

    /// <summary>403: the participant was not selected for this round.</summary>
    public const string NotSelected = Prefix + "not-selected";

    /// <summary>404: no such campaign, or no such route.</summary>
    public const string NotFound = Prefix + "not-found";

    /// <summary>405: the route exists but not for this HTTP method.</summary>
    public const string MethodNotAllowed = Prefix + "method-not-allowed";

    /// <summary>409: a campaign with this id already exists.</summary>
    public const string CampaignExists = Prefix + "campaign-exists";

    /// <summary>409: the requested state transition is not allowed from the current state.</summary>
    public const string IllegalTransition = Prefix + "illegal-transition";

    /// <summary>409: the round is not open for updates (closed, not started, or superseded).</summary>
    public const string RoundClosed = Prefix + "round-closed";

    /// <summary>410: the campaign has ended (completed, stopped or failed).</summary>
    public const string CampaignEnded = Prefix + "campaign-ended";

    /// <summary>413: the body is larger than <c>Silo:MaxUpdateBytes</c>.</summary>
    public const string PayloadTooLarge = Prefix + "payload-too-large";

    /// <summary>415: wrong <c>Content-Type</c>.</summary>
    public const string UnsupportedMediaType = Prefix + "unsupported-media-type";

    /// <summary>503: the service could not answer in time (e.g. a grain call timed out); retry later.</summary>
    public const string Unavailable = Prefix + "unavailable";

    /// <summary>500: an unexpected server error (details are logged, not returned).</summary>
    public const string Internal = Prefix + "internal";
}

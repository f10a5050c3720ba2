using Microsoft.AspNetCore.Http;
using OrleansFed.Interfaces.Api;

namespace OrleansFed.Silo.Problems;

/// <summary>Status code and title of every problem type the silo returns (documented in docs/api.md).</summary>
internal static class ProblemCatalog
{
    private static readonly Dictionary<string, (int Status, string Title)> s_entries = new(StringComparer.Ordinal)
    {
        [ProblemTypes.InvalidRequest] = (StatusCodes.Status400BadRequest, "Invalid request"),
        [ProblemTypes.WrongLength] = (StatusCodes.Status400BadRequest, "Update has the wrong length"),
        [ProblemTypes.NonFinite] = (StatusCodes.Status400BadRequest, "Update holds NaN or infinite values"),
        [ProblemTypes.MalformedBody] = (StatusCodes.Status400BadRequest, "Malformed binary body"),
        [ProblemTypes.Unauthorized] = (StatusCodes.Status401Unauthorized, "Missing or unknown bearer token"),
        [ProblemTypes.NotSelected] = (StatusCodes.Status403Forbidden, "Participant not selected for this round"),
        [ProblemTypes.NotFound] = (StatusCodes.Status404NotFound, "Not found"),
        [ProblemTypes.MethodNotAllowed] = (StatusCodes.Status405MethodNotAllowed, "Method not allowed"),
        [ProblemTypes.CampaignExists] = (StatusCodes.Status409Conflict, "Campaign already exists"),
        [ProblemTypes.IllegalTransition] = (StatusCodes.Status409Conflict, "Illegal campaign state transition"),
        [ProblemTypes.RoundClosed] = (StatusCodes.Status409Conflict, "Round not open"),
        [OrleansFed.Interfaces.Pate.PateProblemTypes.DuplicateVote] = (StatusCodes.Status409Conflict, "Teacher already voted on this query"),
        [OrleansFed.Interfaces.Pate.PateProblemTypes.TallyClosed] = (StatusCodes.Status409Conflict, "Vote tally not open"),
        [OrleansFed.Interfaces.Pate.PateProblemTypes.BudgetExhausted] = (StatusCodes.Status409Conflict, "Privacy budget exhausted"),
        [ProblemTypes.CampaignEnded] = (StatusCodes.Status410Gone, "Campaign has ended"),
        [ProblemTypes.PayloadTooLarge] = (StatusCodes.Status413PayloadTooLarge, "Body too large"),
        [ProblemTypes.UnsupportedMediaType] = (StatusCodes.Status415UnsupportedMediaType, "Unsupported content type"),
        [ProblemTypes.Internal] = (StatusCodes.Status500InternalServerError, "Internal server error"),
        [ProblemTypes.Unavailable] = (StatusCodes.Status503ServiceUnavailable, "Service unavailable"),
    };

    public static IEnumerable<string> Types => s_entries.Keys;

    public static (int Status, string Title) Get(string type) => s_entries[type];

    /// <summary>The problem type for a bare status code (e.g. routing's 404/405), or a generic one.</summary>
    public static string ForStatus(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => ProblemTypes.Unauthorized,
        StatusCodes.Status404NotFound => ProblemTypes.NotFound,
        StatusCodes.Status405MethodNotAllowed => ProblemTypes.MethodNotAllowed,
        StatusCodes.Status413PayloadTooLarge => ProblemTypes.PayloadTooLarge,
        StatusCodes.Status415UnsupportedMediaType => ProblemTypes.UnsupportedMediaType,
        StatusCodes.Status503ServiceUnavailable => ProblemTypes.Unavailable,
        >= 500 => ProblemTypes.Internal,
        _ => ProblemTypes.InvalidRequest,
    };
}

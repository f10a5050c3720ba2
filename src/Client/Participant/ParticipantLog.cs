using Microsoft.Extensions.Logging;

namespace OrleansFed.Client.Participant;

/// <summary>Source-generated log messages of the participant loop. Never a token, never a weight.</summary>
internal static partial class ParticipantLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information,
        Message = "Enrolled in campaign {CampaignId} as participant {ParticipantId} ({Samples} samples)")]
    public static partial void Enrolled(ILogger logger, string campaignId, string participantId, int samples);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information,
        Message = "Resumed stored enrollment in campaign {CampaignId} as participant {ParticipantId}")]
    public static partial void Resumed(ILogger logger, string campaignId, string participantId);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information,
        Message = "Round {Round} (attempt {Attempt}): training {Model} from model version {ModelVersion} for {Epochs} epoch(s)")]
    public static partial void TaskReceived(ILogger logger, int round, int attempt, string model, long modelVersion, int epochs);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information,
        Message = "Round {Round}: update submitted ({Samples} samples, train loss {Loss:F4}, duplicate {Duplicate})")]
    public static partial void Submitted(ILogger logger, int round, int samples, double loss, bool duplicate);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information,
        Message = "Round {Round}: update not taken ({Title}); waiting for the next task")]
    public static partial void SubmissionRefused(ILogger logger, int round, string title);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Information,
        Message = "Round {Round}: the global model moved on to version {Actual} (task was for {Expected}); waiting for the next task")]
    public static partial void StaleTask(ILogger logger, int round, long expected, long actual);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Warning,
        Message = "Silo unavailable during {Step} ({Reason}); reconnecting in {Delay} (unreachable for {Elapsed})")]
    public static partial void Reconnecting(ILogger logger, string step, string reason, TimeSpan delay, TimeSpan elapsed);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Information, Message = "Silo reachable again after {Elapsed}")]
    public static partial void Reconnected(ILogger logger, TimeSpan elapsed);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Warning,
        Message = "The silo does not know participant {ParticipantId}; enrolling again")]
    public static partial void Reenrolling(ILogger logger, string participantId);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Information,
        Message = "Campaign {CampaignId} ended ({Reason}); {Rounds} round(s) submitted")]
    public static partial void CampaignEnded(ILogger logger, string campaignId, string reason, int rounds);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Debug, Message = "Round {Round}: update rewritten by transform {Transform} before upload")]
    public static partial void UpdateTransformed(ILogger logger, int round, string transform);
}

using Microsoft.Extensions.Logging;
using OrleansFed.Interfaces.Api;

namespace OrleansFed.Grains.Telemetry;

/// <summary>Source-generated log messages of the grains. No token, hash or update value is ever a parameter.</summary>
internal static partial class GrainsLog
{
    [LoggerMessage(1001, LogLevel.Information, "Campaign {CampaignId} created: protocol {Protocol}, model {Model}, {Rounds} rounds, {ParameterCount} parameters")]
    public static partial void CampaignCreated(ILogger logger, string campaignId, string protocol, string model, int rounds, int parameterCount);

    [LoggerMessage(1002, LogLevel.Information, "Campaign {CampaignId} enrolled participant {ParticipantId} ({Enrolled} enrolled)")]
    public static partial void ParticipantEnrolled(ILogger logger, string campaignId, string participantId, int enrolled);

    [LoggerMessage(1003, LogLevel.Information, "Campaign {CampaignId} opened round {Round} attempt {Attempt} with {Selected} participants, deadline {Deadline:O}")]
    public static partial void AttemptOpened(ILogger logger, string campaignId, int round, int attempt, int selected, DateTimeOffset deadline);

    [LoggerMessage(1004, LogLevel.Information, "Campaign {CampaignId} completed round {Round} (attempt {Attempt}, {Reason}) with {Participants} updates, {Samples} samples, train loss {TrainLoss:F4}; model version {ModelVersion}")]
    public static partial void RoundCompleted(ILogger logger, string campaignId, int round, int attempt, CloseReason reason, int participants, long samples, double trainLoss, long modelVersion);

    [LoggerMessage(1005, LogLevel.Warning, "Campaign {CampaignId} round {Round} attempt {Attempt} got {Received} of the {Minimum} updates needed by its deadline")]
    public static partial void AttemptAbandoned(ILogger logger, string campaignId, int round, int attempt, int received, int minimum);

    [LoggerMessage(1006, LogLevel.Information, "Campaign {CampaignId} is now {State}: {Message}")]
    public static partial void StateChanged(ILogger logger, string campaignId, CampaignState state, string message);

    [LoggerMessage(1007, LogLevel.Information, "Campaign {CampaignId} accepted the round {Round} update of {ParticipantId} ({Received}/{Selected})")]
    public static partial void UpdateAccepted(ILogger logger, string campaignId, int round, string participantId, int received, int selected);

    [LoggerMessage(1008, LogLevel.Information, "Campaign {CampaignId} resumed from storage in state {State} at round {Round} attempt {Attempt}")]
    public static partial void ResumedFromStorage(ILogger logger, string campaignId, CampaignState state, int round, int attempt);

    [LoggerMessage(1009, LogLevel.Error, "Campaign {CampaignId} could not close round {Round} attempt {Attempt}; the deadline reminder will retry")]
    public static partial void CloseFailed(ILogger logger, Exception exception, string campaignId, int round, int attempt);

    [LoggerMessage(1010, LogLevel.Warning, "Campaign {CampaignId} could not release the stored updates of round {Round} attempt {Attempt}")]
    public static partial void ReleaseFailed(ILogger logger, Exception exception, string campaignId, int round, int attempt);

    [LoggerMessage(1101, LogLevel.Information, "SecProbe campaign {CampaignId} configured on validation set {ValidationSet}: {Rounds} rounds, M {Accept}, K {Select}, ε₂ {ParticipantEpsilon} per upload, ε₁ {SelectionEpsilon} per draw ({Mechanism}), {ParameterCount} parameters")]
    public static partial void SecProbeConfigured(ILogger logger, string campaignId, string validationSet, int rounds, int accept, int select, double participantEpsilon, double selectionEpsilon, string mechanism, int parameterCount);

    [LoggerMessage(1102, LogLevel.Information, "SecProbe campaign {CampaignId} enrolled participant {ParticipantId} ({Enrolled} enrolled)")]
    public static partial void SecProbeEnrolled(ILogger logger, string campaignId, string participantId, int enrolled);

    [LoggerMessage(1103, LogLevel.Information, "SecProbe campaign {CampaignId} finished round {Round}: selected {Selected} of {Accepted} accepted; {Next}")]
    public static partial void SecProbeRoundFinished(ILogger logger, string campaignId, int round, int selected, int accepted, string next);

    [LoggerMessage(1104, LogLevel.Information, "SecProbe campaign {CampaignId} round {Round}: the upload of {ParticipantId} arrived after the round was full (stop; charged ε₂)")]
    public static partial void SecProbeUploadStopped(ILogger logger, string campaignId, int round, string participantId);

    [LoggerMessage(1105, LogLevel.Information, "SecProbe campaign {CampaignId} stopped by the operator in round {Round} after {Finished} finished rounds; the round was closed without a selection")]
    public static partial void SecProbeStopped(ILogger logger, string campaignId, int round, int finished);

    [LoggerMessage(1106, LogLevel.Warning, "SecProbe campaign {CampaignId} could not compact finished round {Round}; it keeps its weights")]
    public static partial void SecProbeCompactFailed(ILogger logger, Exception exception, string campaignId, int round);

    [LoggerMessage(1107, LogLevel.Information, "SecProbe campaign {CampaignId} refused participant {ParticipantId} in round {Round}: ε {Spent} spent of its cap {Cap}")]
    public static partial void SecProbeBudgetRefused(ILogger logger, string campaignId, string participantId, int round, double spent, double cap);
}

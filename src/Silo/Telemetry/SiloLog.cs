using Microsoft.Extensions.Logging;

namespace OrleansFed.Silo.Telemetry;

/// <summary>Source-generated log messages of the silo. Tokens, hashes and update contents never appear.</summary>
internal static partial class SiloLog
{
    [LoggerMessage(2001, LogLevel.Error, "Unhandled exception for {Method} {Path}")]
    public static partial void UnhandledException(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(2002, LogLevel.Information, "Silo storage: {Storage} ({Location})")]
    public static partial void StorageConfigured(ILogger logger, string storage, string location);

    [LoggerMessage(2003, LogLevel.Information, "Exporting traces and metrics over OTLP ({Protocol}) to {Endpoint}")]
    public static partial void OtlpEnabled(ILogger logger, string protocol, string endpoint);

    [LoggerMessage(2004, LogLevel.Information, "OTLP export disabled: no endpoint configured")]
    public static partial void OtlpDisabled(ILogger logger);

    [LoggerMessage(2005, LogLevel.Information, "Resumed {Count} campaign(s) from storage")]
    public static partial void CampaignsResumed(ILogger logger, int count);

    [LoggerMessage(2006, LogLevel.Error, "Could not resume campaign {CampaignId} from storage")]
    public static partial void ResumeFailed(ILogger logger, Exception exception, string campaignId);

    [LoggerMessage(2007, LogLevel.Information, "Rejected update for campaign {CampaignId} round {Round}: {ProblemType}")]
    public static partial void UpdateRejected(ILogger logger, string campaignId, int round, string problemType);
}

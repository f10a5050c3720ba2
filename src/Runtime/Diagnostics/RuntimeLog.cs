using Microsoft.Extensions.Logging;

namespace OrleansFed.Runtime.Diagnostics;

/// <summary>The runtime's log messages (source-generated). They name grains and reminders, never state contents.</summary>
internal static partial class RuntimeLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Grain runtime started with {GrainClassCount} grain classes")]
    public static partial void Started(ILogger logger, int grainClassCount);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Grain runtime stopped after deactivating {ActivationCount} activations")]
    public static partial void Stopped(ILogger logger, int activationCount);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Debug, Message = "Activated grain {GrainId}")]
    public static partial void Activated(ILogger logger, GrainId grainId);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Error, Message = "Activation of grain {GrainId} (class {GrainClass}) failed")]
    public static partial void ActivationFailed(ILogger logger, GrainId grainId, string grainClass, Exception exception);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Debug, Message = "Deactivated grain {GrainId} ({Reason})")]
    public static partial void Deactivated(ILogger logger, GrainId grainId, DeactivationReasonCode reason);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Warning, Message = "OnDeactivateAsync of grain {GrainId} failed")]
    public static partial void DeactivationFailed(ILogger logger, GrainId grainId, Exception exception);

    [LoggerMessage(EventId = 1020, Level = LogLevel.Error, Message = "A turn of grain {GrainId} failed unexpectedly")]
    public static partial void TurnFailed(ILogger logger, GrainId grainId, Exception exception);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Warning, Message = "Timer callback of grain {GrainId} failed")]
    public static partial void TimerCallbackFailed(ILogger logger, GrainId grainId, Exception exception);

    [LoggerMessage(EventId = 1022, Level = LogLevel.Warning, Message = "One-way grain call failed")]
    public static partial void OneWayCallFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1030, Level = LogLevel.Warning, Message = "Reminder {ReminderName} of grain {GrainId} failed")]
    public static partial void ReminderTickFailed(ILogger logger, string reminderName, GrainId grainId, Exception exception);

    [LoggerMessage(EventId = 1031, Level = LogLevel.Warning, Message = "Reading the reminder table failed")]
    public static partial void ReminderRefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1032, Level = LogLevel.Warning, Message = "Reminder {ReminderName} belongs to grain {GrainId}, whose grain type is not registered or not remindable; it is not scheduled")]
    public static partial void ReminderForUnknownGrain(ILogger logger, string reminderName, GrainId grainId);

    [LoggerMessage(EventId = 1040, Level = LogLevel.Information, Message = "Holding the silo lease of PostgreSQL schema {Schema}: this silo is the one that serves it")]
    public static partial void LeaseAcquired(ILogger logger, string schema);

    [LoggerMessage(EventId = 1041, Level = LogLevel.Warning, Message = "Another silo ({Holder}) holds the silo lease of PostgreSQL schema {Schema}; standing by until it stops")]
    public static partial void LeaseWaiting(ILogger logger, string schema, string holder);

    [LoggerMessage(EventId = 1043, Level = LogLevel.Warning, Message = "A check of the silo lease of PostgreSQL schema {Schema} failed, but its connection is still open: the lease is still held")]
    public static partial void LeaseCheckFailed(ILogger logger, string schema, Exception exception);

    [LoggerMessage(EventId = 1042, Level = LogLevel.Critical, Message = "Lost the silo lease of PostgreSQL schema {Schema} (its connection failed); stopping this silo so that only one serves the schema")]
    public static partial void LeaseLost(ILogger logger, string schema, Exception exception);
}

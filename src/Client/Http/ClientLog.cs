using Microsoft.Extensions.Logging;

namespace OrleansFed.Client.Http;

/// <summary>Source-generated log messages of the SDK. No token or tensor value ever enters a message.</summary>
internal static partial class ClientLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning,
        Message = "Transient failure on {Operation} ({Reason}); retry {Attempt} in {Delay}")]
    public static partial void Retrying(ILogger logger, string operation, int attempt, TimeSpan delay, string reason);
}

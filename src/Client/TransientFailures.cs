using System.Net;
using System.Net.Sockets;

namespace OrleansFed.Client;

/// <summary>Which failures a retry can fix: the silo being down, restarting or overloaded, never a rejected request.</summary>
internal static class TransientFailures
{
    /// <summary>5xx, 408 Request Timeout and 429 Too Many Requests.</summary>
    public static bool IsTransientStatus(HttpStatusCode status)
        => (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    /// <summary>
    /// Statuses that prove the request had no effect, so even a non-idempotent call may be repeated:
    /// 503 (not ready), 408 and 429.
    /// </summary>
    public static bool IsSafeToRepeatStatus(HttpStatusCode status)
        => status is HttpStatusCode.ServiceUnavailable or HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    /// <summary>
    /// A transport failure that cannot have reached the server (connection refused, host unreachable): safe to
    /// repeat for any call.
    /// </summary>
    public static bool IsConnectFailure(Exception exception)
        => exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError }
           || (exception is HttpRequestException && FindSocketError(exception) is SocketError.ConnectionRefused
               or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.TryAgain);

    /// <summary>
    /// A transport failure after the request may have been sent (connection reset, response ended, timeout):
    /// safe to repeat only for idempotent calls.
    /// </summary>
    public static bool IsTransportFailure(Exception exception)
        => exception is HttpRequestException or IOException or TimeoutException
           || exception is TaskCanceledException { InnerException: TimeoutException };

    /// <summary>A failure of either kind, or a transient status carried by an API exception.</summary>
    public static bool IsTransient(Exception exception)
        => exception is OrleansFedApiException api ? api.IsTransient : IsConnectFailure(exception) || IsTransportFailure(exception);

    private static SocketError? FindSocketError(Exception exception)
    {
        for (var e = exception.InnerException; e is not null; e = e.InnerException)
        {
            if (e is SocketException socket)
            {
                return socket.SocketErrorCode;
            }
        }

        return null;
    }
}

using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace OrleansFed.Client.Http;

/// <summary>
/// The two retry policies of the SDK, built on Polly: exponential backoff with jitter, <c>Retry-After</c> honoured.
/// Idempotent calls (GET, PUT of an update) retry every transient failure; other calls retry only failures that
/// prove the request had no effect (connection refused, 503, 408, 429), so a create or enroll is never doubled.
/// </summary>
internal sealed class RetryPipelines
{
    public RetryPipelines(OrleansFedClientOptions options, ILogger logger)
    {
        Idempotent = Build(options, logger, idempotent: true);
        NonIdempotent = Build(options, logger, idempotent: false);
    }

    public ResiliencePipeline<HttpResponseMessage> Idempotent { get; }

    public ResiliencePipeline<HttpResponseMessage> NonIdempotent { get; }

    private static ResiliencePipeline<HttpResponseMessage> Build(OrleansFedClientOptions options, ILogger logger, bool idempotent)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = options.TimeProvider };
        if (options.MaxRetryAttempts == 0)
        {
            return builder.Build();
        }

        builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = options.MaxRetryAttempts,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryBaseDelay,
            MaxDelay = options.RetryMaxDelay,
            ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context.CancellationToken, idempotent)),
            DelayGenerator = args =>
            {
                var retryAfter = args.Outcome.Result?.Headers.RetryAfter?.Delta;
                return ValueTask.FromResult<TimeSpan?>(
                    retryAfter is { } delta && delta > TimeSpan.Zero ? TimeSpan.FromTicks(Math.Min(delta.Ticks, options.RetryMaxDelay.Ticks)) : null);
            },
            OnRetry = args =>
            {
                var reason = args.Outcome.Exception is { } ex ? ex.GetType().Name : $"HTTP {(int)args.Outcome.Result!.StatusCode}";
                ClientLog.Retrying(logger, args.Context.OperationKey ?? "request", args.AttemptNumber + 1, args.RetryDelay, reason);
                return ValueTask.CompletedTask;
            },
        });
        return builder.Build();
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, CancellationToken ct, bool idempotent)
    {
        if (ct.IsCancellationRequested)
        {
            return false;
        }

        if (outcome.Exception is { } exception)
        {
            return TransientFailures.IsConnectFailure(exception)
                   || (idempotent && TransientFailures.IsTransportFailure(exception));
        }

        var status = outcome.Result!.StatusCode;
        return idempotent ? TransientFailures.IsTransientStatus(status) : TransientFailures.IsSafeToRepeatStatus(status);
    }
}

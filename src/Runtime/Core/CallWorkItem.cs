using OrleansFed.Runtime.Invocation;

namespace OrleansFed.Runtime.Core;

/// <summary>A grain call: runs the method, copies the result and completes the caller's task with it or with the
/// exact exception the grain threw.</summary>
internal sealed class CallWorkItem<TResult>(GrainMethod<TResult> method, object?[] arguments) : WorkItem
{
    private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<TResult> Task => _completion.Task;

    public GrainMethod<TResult> Method => method;

    public override bool AlwaysInterleave => method.AlwaysInterleave;

    public override bool CountsAsActivity => true;

    public override bool IsAbandoned => _completion.Task.IsCompleted;

    public override void Fail(Exception exception) => _completion.TrySetException(exception);

    protected override async Task ExecuteAsync(Activation activation)
    {
        try
        {
            var result = await method.InvokeOnGrain(activation.Grain, arguments);
            _completion.TrySetResult(method.CopyResult(result));
        }
        catch (Exception exception)
        {
            if (exception is InconsistentStateException)
            {
                // Before the caller sees the failure, so its next call reaches a fresh activation that re-reads state.
                activation.RequestDeactivation(new DeactivationReason(
                    DeactivationReasonCode.ApplicationError,
                    $"{method.DisplayName} failed with InconsistentStateException; the next activation re-reads its state."));
            }

            _completion.TrySetException(exception);
        }
    }
}

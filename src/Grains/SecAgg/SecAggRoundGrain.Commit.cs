using OrleansFed.Interfaces.SecAgg;
using OrleansFed.Runtime;

namespace OrleansFed.Grains.SecAgg;

/// <summary>
/// Group commit of step messages. Step calls interleave (<see cref="AlwaysInterleaveAttribute"/>), so while one write of
/// the step's record is in flight, further messages are checked, applied to the protocol server and queued; the next
/// write takes all of them at once, and each caller is acknowledged only after the write holding its message is
/// durable. A failed write acknowledges none of the messages it held nor any queued behind it: the protocol server is
/// rebuilt from durable state and the activation deactivates.
/// </summary>
public sealed partial class SecAggRoundGrain
{
    private List<PendingMessage> _pending = [];
    private List<PendingMessage>? _inFlight;
    private Task _writing = Task.CompletedTask;
    private bool _writerActive;
    private Task? _closing;
    private Task? _settingUp;
    private Task _roundStateWrite = Task.CompletedTask;

    /// <summary>Queues an applied message for the next write of the current step's record and waits until it is durable.</summary>
    private Task CommitAsync(string participantId, byte[]? message)
    {
        var pending = new PendingMessage(participantId, message);
        _pending.Add(pending);
        if (!_writerActive)
        {
            _writerActive = true;
            _writing = WriteBatchesAsync();
        }

        return pending.Durable.Task;
    }

    /// <summary>The durable-receipt task of a message from <paramref name="participantId"/> still being written, if any.</summary>
    private Task? PendingFrom(string participantId)
    {
        foreach (var pending in _pending)
        {
            if (pending.ParticipantId == participantId)
            {
                return pending.Durable.Task;
            }
        }

        return _inFlight?.Find(p => p.ParticipantId == participantId)?.Durable.Task;
    }

    private async Task WriteBatchesAsync()
    {
        try
        {
            while (_pending.Count > 0)
            {
                // Every queued message is of the current step: a step closes only after FlushAsync.
                var batch = _pending;
                _pending = [];
                _inFlight = batch;
                var step = StepFor(S.Phase);
                var record = step.State;
                var (senders, messages, sum) = (record.Senders.Count, record.Messages.Count, record.MaskedSum);
                foreach (var pending in batch)
                {
                    record.Senders.Add(pending.ParticipantId);
                    if (pending.Message is { } bytes)
                    {
                        record.Messages.Add(bytes);
                    }
                }

                if (S.Phase == SecAggPhase.MaskedInput)
                {
                    // The server's running sum holds exactly the messages of this batch and the ones before it.
                    record.MaskedSum = SecAggMessages.ToBytes(_server!.MaskedSum);
                }

                try
                {
                    // Off the activation's scheduler: the embedded SQLite store completes its writes synchronously, which
                    // would hold the activation for the whole write and leave nothing to group. Grain code does not touch
                    // the record while the write runs (other turns only read it; this writer alone changes it).
                    await Task.Run(() => step.WriteStateAsync());
                }
                catch (Exception ex)
                {
                    record.Senders.RemoveRange(senders, record.Senders.Count - senders);
                    record.Messages.RemoveRange(messages, record.Messages.Count - messages);
                    record.MaskedSum = sum;
                    var failed = batch.Concat(_pending).ToList();
                    _pending = [];

                    // The in-memory server counted these messages; the next activation rebuilds it from durable state.
                    ResetServer();
                    DeactivateOnIdle();
                    foreach (var pending in failed)
                    {
                        pending.Durable.TrySetException(ex);
                    }

                    return;
                }

                foreach (var pending in batch)
                {
                    pending.Durable.TrySetResult();
                }
            }
        }
        finally
        {
            _inFlight = null;
            _writerActive = false;
        }
    }

    /// <summary>Waits until no message is queued or being written.</summary>
    private async Task FlushAsync()
    {
        while (_writerActive)
        {
            await _writing.ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext | ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Waits for a step close in progress (its outcome is the closer's to report).</summary>
    private async Task ClosingDoneAsync()
    {
        while (_closing is { IsCompleted: false } closing)
        {
            await closing.ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext | ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Writes the round state after any write of it still in flight (interleaved calls may both write it).</summary>
    private Task WriteRoundStateAsync()
    {
        var write = WriteAfterAsync(_roundStateWrite);
        _roundStateWrite = write;
        return write;
    }

    private async Task WriteAfterAsync(Task previous)
    {
        await previous.ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext | ConfigureAwaitOptions.SuppressThrowing);
        await state.WriteStateAsync();
    }

    private sealed class PendingMessage(string participantId, byte[]? message)
    {
        public string ParticipantId { get; } = participantId;

        public byte[]? Message { get; } = message;

        public TaskCompletionSource Durable { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

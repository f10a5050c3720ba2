using System.Threading.Channels;
using OrleansFed.Interfaces.Wire;
using OrleansFed.Learning;

namespace OrleansFed.Cli.Simulation;

/// <summary>
/// Evaluates each distinct global model version once on the test set, in the background so training is not held up.
/// Versions arrive from the participants (the model each downloads at a round's start is the previous round's result)
/// and, for the last round, from the coordinator after the campaign completes.
/// </summary>
internal sealed class GlobalModelEvaluator
{
    private readonly Channel<ModelBlob> _pending = Channel.CreateUnbounded<ModelBlob>(new UnboundedChannelOptions { SingleReader = true });
    private readonly HashSet<long> _seen = [];
    private readonly Lock _gate = new();
    private readonly Model _model;
    private readonly Dataset _test;
    private readonly Func<long, Evaluation, CancellationToken, Task> _onEvaluated;
    private readonly Task _loop;

    public GlobalModelEvaluator(ModelSpec spec, Dataset test, Func<long, Evaluation, CancellationToken, Task> onEvaluated, CancellationToken ct)
    {
        _model = Model.Create(spec, seed: 0);
        _test = test;
        _onEvaluated = onEvaluated;
        _loop = Task.Run(() => LoopAsync(ct), ct);
    }

    /// <summary>Queues <paramref name="model"/> unless its version was queued before; version 0 (the seed model) is skipped.</summary>
    public void Offer(ModelBlob model)
    {
        lock (_gate)
        {
            if (model.ModelVersion == 0 || !_seen.Add(model.ModelVersion))
            {
                return;
            }
        }

        _pending.Writer.TryWrite(model);
    }

    /// <summary>Waits until every queued version is evaluated.</summary>
    public Task CompleteAsync()
    {
        _pending.Writer.TryComplete();
        return _loop;
    }

    private async Task LoopAsync(CancellationToken ct)
    {
        await foreach (var blob in _pending.Reader.ReadAllAsync(ct).ConfigureAwait(false))
        {
            _model.LoadParameters(blob.Weights.Span);
            var evaluation = LocalTrainer.Evaluate(_model, _test);
            await _onEvaluated(blob.ModelVersion, evaluation, ct).ConfigureAwait(false);
        }
    }
}

using OrleansFed.Learning;
using OrleansFed.Learning.Autograd;
using OrleansFed.Learning.Optimizers;
using OrleansFed.Learning.Tensors;

namespace OrleansFed.Client.Collab;

/// <summary>
/// A FedCollabNN worker: its own model (own architecture and initialisation), its own data shard and optimiser. A step
/// is two calls: <see cref="ForwardLoss"/> records the forward pass of the next minibatch and returns its mean loss
/// L_k (which the caller shares), then <see cref="BackpropagateAverage"/> backpropagates the campaign's average loss
/// L̄ = (1/m)·Σ_j L_j through this worker's graph and takes an SGD step, or <see cref="Abandon"/> discards the step.
/// </summary>
/// <remarks>
/// θ_k enters L̄ only through L_k, so ∂L̄/∂θ_k = (1/m)·∂L_k/∂θ_k: backpropagating L̄ is running this worker's own
/// backward pass seeded with 1/m instead of 1. The value of L̄ carries no gradient for θ_k; it is what the worker and
/// the silo monitor. The update is θ_k ← θ_k − η·(1/m)·∇L_k, so a learning rate η on L̄ is η/m on the worker's own loss.
/// </remarks>
public sealed class CollabWorker
{
    private const int PredictionBatch = 500;

    private readonly Dataset _shard;
    private readonly Sgd _optimizer;
    private readonly Tape _tape;
    private readonly Random _random;
    private readonly int _batchSize;
    private readonly float[] _rows;
    private readonly int[] _labels;
    private int[] _order;
    private int _cursor;
    private Tensor? _pendingLoss;

    /// <summary>Creates a worker.</summary>
    /// <param name="id">Participant id.</param>
    /// <param name="spec">The worker's architecture.</param>
    /// <param name="seed">Seed of its initialisation and minibatch order.</param>
    /// <param name="shard">Its training data (non-empty; features must fit the spec).</param>
    /// <param name="batchSize">Minibatch size (≥ 1; smaller shards use the whole shard).</param>
    /// <param name="learningRate">SGD learning rate applied to the gradient of the average loss (&gt; 0).</param>
    /// <param name="threads">Kernel threads of its tape.</param>
    public CollabWorker(string id, ModelSpec spec, int seed, Dataset shard, int batchSize, float learningRate, int threads = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(shard);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        if (!(learningRate > 0) || !float.IsFinite(learningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), "The learning rate must be positive and finite.");
        }

        if (shard.Count == 0 || shard.FeatureCount != spec.InputSize || shard.ClassCount != spec.Classes)
        {
            throw new ArgumentException(
                $"Worker {id}: the shard ({shard.Count} examples, {shard.FeatureCount} features, {shard.ClassCount} classes) does not fit {spec.Name}.",
                nameof(shard));
        }

        Id = id;
        Model = Model.Create(spec, seed);
        _shard = shard;
        _optimizer = new Sgd(Model.Parameters, learningRate);
        _tape = new Tape(threads);
        // Minibatch order is not a secret; a seeded System.Random keeps runs reproducible.
#pragma warning disable CA5394
        _random = new Random(seed ^ 0x5C011AB);
#pragma warning restore CA5394
        _batchSize = Math.Min(batchSize, shard.Count);
        _rows = new float[_batchSize * shard.FeatureCount];
        _labels = new int[_batchSize];
        _order = Permutation(shard.Count);
    }

    /// <summary>Participant id.</summary>
    public string Id { get; }

    /// <summary>The worker's model.</summary>
    public Model Model { get; }

    /// <summary>Training examples held.</summary>
    public int ShardSize => _shard.Count;

    /// <summary>Minibatches per pass over the shard.</summary>
    public int StepsPerEpoch => (_shard.Count + _batchSize - 1) / _batchSize;

    /// <summary>Records the forward pass of the next minibatch (the shard is reshuffled after each pass) and returns its mean loss.</summary>
    /// <returns>L_k, the mean softmax cross-entropy of the minibatch.</returns>
    /// <exception cref="InvalidOperationException">The previous step was neither backpropagated nor abandoned.</exception>
    public float ForwardLoss()
    {
        if (_pendingLoss is not null)
        {
            throw new InvalidOperationException($"Worker {Id}: the previous step's loss was neither backpropagated nor abandoned.");
        }

        if (_cursor >= _order.Length)
        {
            _order = Permutation(_shard.Count);
            _cursor = 0;
        }

        int count = Math.Min(_batchSize, _order.Length - _cursor);
        int features = _shard.FeatureCount;
        for (int i = 0; i < count; i++)
        {
            int index = _order[_cursor + i];
            _shard.Features(index).CopyTo(_rows.AsSpan(i * features, features));
            _labels[i] = _shard.Label(index);
        }

        _cursor += count;
        _tape.Reset();
        _optimizer.ZeroGrad();
        Model.Network.Training = true;
        Tensor logits = Model.Forward(_tape, _rows.AsSpan(0, count * features), count);
        _pendingLoss = Losses.SoftmaxCrossEntropy(_tape, logits, _labels.AsSpan(0, count));
        return _pendingLoss.Data[0];
    }

    /// <summary>Backpropagates the average loss of an m-member step through this worker's graph (seed 1/m) and updates the model.</summary>
    /// <param name="members">m: how many losses the average is over (≥ 1).</param>
    /// <exception cref="InvalidOperationException">No forward pass is pending.</exception>
    public void BackpropagateAverage(int members)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(members, 1);
        var loss = _pendingLoss ?? throw new InvalidOperationException($"Worker {Id}: no forward pass is pending.");
        _tape.Backward(loss, [1f / members]);
        _optimizer.Step();
        _pendingLoss = null;
        _tape.Reset();
    }

    /// <summary>Discards the pending forward pass without updating (the worker was dropped from the step, or it was skipped).</summary>
    public void Abandon()
    {
        _pendingLoss = null;
        _tape.Reset();
    }

    /// <summary>The predicted class of every example of <paramref name="data"/> (dropout off).</summary>
    /// <param name="data">Examples that fit the model.</param>
    /// <returns>One class per example.</returns>
    public int[] Predict(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.FeatureCount != Model.Spec.InputSize)
        {
            throw new ArgumentException($"The data has {data.FeatureCount} features; {Model.Spec.Name} expects {Model.Spec.InputSize}.", nameof(data));
        }

        var tape = new Tape(_tape.Threads, recordGradients: false);
        bool training = Model.Network.Training;
        Model.Network.Training = false;
        try
        {
            int classes = Model.Spec.Classes, features = data.FeatureCount;
            int[] predictions = new int[data.Count];
            float[] rows = new float[Math.Min(PredictionBatch, data.Count) * features];
            for (int start = 0; start < data.Count; start += PredictionBatch)
            {
                int count = Math.Min(PredictionBatch, data.Count - start);
                for (int i = 0; i < count; i++)
                {
                    data.Features(start + i).CopyTo(rows.AsSpan(i * features, features));
                }

                ReadOnlySpan<float> z = Model.Forward(tape, rows.AsSpan(0, count * features), count).Data;
                for (int i = 0; i < count; i++)
                {
                    predictions[start + i] = ArgMax(z.Slice(i * classes, classes));
                }

                tape.Reset();
            }

            return predictions;
        }
        finally
        {
            Model.Network.Training = training;
        }
    }

    private int[] Permutation(int count)
    {
        int[] order = new int[count];
        for (int i = 0; i < count; i++)
        {
            order[i] = i;
        }

#pragma warning disable CA5394 // see the constructor
        _random.Shuffle(order);
#pragma warning restore CA5394
        return order;
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}

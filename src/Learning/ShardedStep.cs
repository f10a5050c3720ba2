using System.Numerics.Tensors;
using OrleansFed.Learning.Autograd;
using OrleansFed.Learning.Kernels;
using OrleansFed.Learning.Tensors;

namespace OrleansFed.Learning;

/// <summary>
/// Computes one mini-batch gradient with data parallelism: the batch is cut into contiguous shards, one per worker,
/// and each shard runs its forward and backward pass on its own replica of the model (its own tape and gradient
/// buffers, a fresh copy of the primary's parameters). The shards' gradients of their mean losses are then combined
/// into the primary's parameters weighted by shard size, which is exactly the gradient of the batch-mean loss (up to
/// the order of float additions). Workers meet once per step, not once per layer as the kernels' own parallel
/// regions do, which is what lets small convolutional networks use a second core.
/// </summary>
internal sealed class ShardedStep
{
    /// <summary>Fewest examples a shard gets; smaller batches use fewer shards.</summary>
    internal const int MinimumShard = 8;

    private readonly Model[] _models;
    private readonly Tape[] _tapes;
    private readonly int[][] _labels;
    private readonly double[] _losses;
    private readonly int[] _first;
    private readonly int[] _count;
    private readonly Action<int, int, int> _body;
    private Dataset? _data;
    private int[]? _order;

    /// <summary>Creates the step for <paramref name="primary"/> on up to <paramref name="workers"/> workers, for batches of at most <paramref name="maxBatch"/> examples.</summary>
    public ShardedStep(Model primary, int workers, int maxBatch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        int shards = workers;
        _models = new Model[shards];
        _tapes = new Tape[shards];
        _labels = new int[shards][];
        _models[0] = primary;
        for (int s = 0; s < shards; s++)
        {
            if (s > 0)
            {
                // The replica's own initial values are overwritten before every use; its seed only fixes its dropout stream.
                _models[s] = Model.Create(primary.Spec, seed: s);
            }

            // With one shard (a small batch) the primary's kernels may still use every worker; inside a sharded step
            // they run inline on their shard's worker.
            _tapes[s] = new Tape(threads: s == 0 ? workers : 1);
            _labels[s] = new int[maxBatch];
        }

        _losses = new double[shards];
        _first = new int[shards];
        _count = new int[shards];
        _body = (_, start, end) =>
        {
            for (int s = start; s < end; s++)
            {
                RunShard(s);
            }
        };
    }

    /// <summary>Worker count the step uses for a batch of <paramref name="count"/> examples.</summary>
    public int ShardsFor(int count) => Math.Clamp(count / MinimumShard, 1, _models.Length);

    /// <summary>
    /// Runs forward and backward for examples order[start..start+count) of <paramref name="data"/> and leaves the
    /// gradient of the batch-mean softmax cross-entropy in the primary model's parameters (which must have no
    /// gradient yet). Returns that mean loss.
    /// </summary>
    public double Run(Dataset data, int[] order, int start, int count)
    {
        int shards = ShardsFor(count);
        _data = data;
        _order = order;
        for (int s = 0, offset = start; s < shards; s++)
        {
            int size = (count / shards) + (s < count % shards ? 1 : 0);
            _first[s] = offset;
            _count[s] = size;
            offset += size;
        }

        try
        {
            Workers.Run(shards, shards, 1, _body);
        }
        finally
        {
            _data = null;
            _order = null;
        }

        double loss = 0;
        for (int s = 0; s < shards; s++)
        {
            loss += _losses[s] * _count[s];
        }

        if (shards > 1)
        {
            Combine(shards, count);
        }

        return loss / count;
    }

    /// <summary>Forgets every replica tape's recorded operations (the primary's gradients are kept).</summary>
    public void Reset()
    {
        foreach (Tape tape in _tapes)
        {
            tape.Reset();
        }
    }

    private void RunShard(int s)
    {
        Model model = _models[s];
        Tape tape = _tapes[s];
        IReadOnlyList<Tensor> primary = _models[0].Parameters;
        if (s > 0)
        {
            model.Network.Training = _models[0].Network.Training;
            for (int i = 0; i < primary.Count; i++)
            {
                primary[i].Data.CopyTo(model.Parameters[i].Data);
                model.Parameters[i].ClearGradient();
            }
        }

        Dataset data = _data!;
        int[] order = _order!;
        int first = _first[s], count = _count[s], features = data.FeatureCount;
        int[] labels = _labels[s];
        Tensor input = model.NewInput(tape, count);
        Span<float> x = input.Data;
        ReadOnlySpan<float> all = data.AllFeatures;
        for (int i = 0; i < count; i++)
        {
            int index = order[first + i];
            all.Slice(index * features, features).CopyTo(x.Slice(i * features, features));
            labels[i] = data.Label(index);
        }

        Tensor logits = model.Network.Forward(tape, input);
        Tensor loss = Losses.SoftmaxCrossEntropy(tape, logits, labels.AsSpan(0, count));
        _losses[s] = loss.Data[0];
        tape.Backward(loss);
    }

    // primary.grad ← Σ_s (n_s / n)·grad_s, where grad_0 is what the primary already holds.
    private void Combine(int shards, int count)
    {
        IReadOnlyList<Tensor> primary = _models[0].Parameters;
        for (int i = 0; i < primary.Count; i++)
        {
            Tensor p = primary[i];
            bool any = p.HasGradient;
            Span<float> g = p.GradientStorage();
            if (any)
            {
                TensorPrimitives.Multiply(g, (float)_count[0] / count, g);
            }
            else
            {
                g.Clear();
            }

            for (int s = 1; s < shards; s++)
            {
                Tensor r = _models[s].Parameters[i];
                if (r.HasGradient)
                {
                    TensorPrimitives.MultiplyAdd(r.Gradient, (float)_count[s] / count, g, g);
                    any = true;
                }
            }

            p.HasGradient = any;
        }
    }
}

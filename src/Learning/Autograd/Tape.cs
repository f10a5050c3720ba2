using OrleansFed.Learning.Tensors;

namespace OrleansFed.Learning.Autograd;

/// <summary>
/// Records the operations of one forward pass so that <see cref="Backward(Tensor)"/> can run them in reverse
/// (reverse-mode automatic differentiation). The tape also owns a memory arena: every intermediate tensor and
/// gradient is rented from it and returned by <see cref="Reset"/>, so a training loop that reuses one tape
/// allocates no tensor storage after its first step.
/// </summary>
public sealed class Tape
{
    private readonly List<BackwardNode> _nodes = new();
    private readonly Dictionary<int, Stack<float[]>> _free = new();
    private readonly List<float[]> _rented = new();

    /// <summary>Creates a tape.</summary>
    /// <param name="threads">Worker threads the kernels may use (1 = run on the calling thread only).</param>
    /// <param name="recordGradients">False for inference: operations then record nothing.</param>
    public Tape(int threads = 1, bool recordGradients = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        Threads = threads;
        RecordsGradients = recordGradients;
    }

    /// <summary>Worker threads the kernels may use.</summary>
    public int Threads { get; }

    /// <summary>Whether operations record themselves for a backward pass.</summary>
    public bool RecordsGradients { get; }

    /// <summary>Number of recorded operations.</summary>
    public int Count => _nodes.Count;

    /// <summary>
    /// When set, parameterised operations hand their per-example gradients to this collector during
    /// <see cref="Backward(Tensor)"/> instead of summing them into the parameters (used by DP-SGD).
    /// </summary>
    internal PerExampleCollector? PerExample { get; set; }

    /// <summary>Runs the backward pass from a scalar <paramref name="loss"/> (seed gradient 1).</summary>
    /// <param name="loss">A one-element tensor produced on this tape.</param>
    public void Backward(Tensor loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        if (loss.Length != 1)
        {
            throw new ArgumentException($"Backward needs a scalar loss, got shape {loss.ShapeText}.", nameof(loss));
        }

        Backward(loss, [1f]);
    }

    /// <summary>Runs the backward pass seeded with <paramref name="seed"/> as the gradient of <paramref name="output"/>.</summary>
    /// <param name="output">A tensor produced on this tape.</param>
    /// <param name="seed">The gradient of the objective with respect to <paramref name="output"/>.</param>
    public void Backward(Tensor output, ReadOnlySpan<float> seed)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!RecordsGradients)
        {
            throw new InvalidOperationException("This tape does not record gradients.");
        }

        if (seed.Length != output.Length)
        {
            throw new ArgumentException("The seed gradient must have the output's length.", nameof(seed));
        }

        if (!output.RequiresGrad)
        {
            throw new InvalidOperationException("The output does not depend on any tensor that requires a gradient.");
        }

        seed.CopyTo(GradientTarget(output, out _));
        Action<BackwardNode, long>? profiler = Profiler;
        for (int i = _nodes.Count - 1; i >= 0; i--)
        {
            if (profiler is null)
            {
                _nodes[i].Backward(this);
                continue;
            }

            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            _nodes[i].Backward(this);
            profiler(_nodes[i], System.Diagnostics.Stopwatch.GetTimestamp() - start);
        }
    }

    /// <summary>Forgets the recorded operations and returns every rented buffer to the arena.</summary>
    public void Reset()
    {
        _nodes.Clear();
        foreach (float[] buffer in _rented)
        {
            if (!_free.TryGetValue(buffer.Length, out Stack<float[]>? stack))
            {
                stack = new Stack<float[]>();
                _free[buffer.Length] = stack;
            }

            stack.Push(buffer);
        }

        _rented.Clear();
    }

    /// <summary>Diagnostics hook: when set, receives each backward node and its elapsed Stopwatch ticks.</summary>
    internal static Action<BackwardNode, long>? Profiler { get; set; }

    internal void Record(BackwardNode node)
    {
        if (RecordsGradients)
        {
            _nodes.Add(node);
        }
    }

    // An operation records itself only when some input needs a gradient.
    internal bool ShouldRecord(Tensor a) => RecordsGradients && a.RequiresGrad;

    internal bool ShouldRecord(Tensor a, Tensor b) => RecordsGradients && (a.RequiresGrad || b.RequiresGrad);

    internal bool ShouldRecord(Tensor a, Tensor b, Tensor? c) => RecordsGradients && (a.RequiresGrad || b.RequiresGrad || (c?.RequiresGrad ?? false));

    /// <summary>A new arena tensor; contents are undefined unless <paramref name="zero"/>.</summary>
    internal Tensor NewTensor(ReadOnlySpan<int> shape, bool zero = false)
    {
        int size = Tensor.CheckedSize(shape);
        float[] data = Rent(size);
        if (zero)
        {
            Array.Clear(data);
        }

        return new Tensor(data, shape.ToArray()) { ArenaOwned = true };
    }

    /// <summary>A rented scratch buffer of exactly <paramref name="length"/> floats, valid until <see cref="Reset"/>.</summary>
    internal float[] Rent(int length)
    {
        float[] buffer = _free.TryGetValue(length, out Stack<float[]>? stack) && stack.Count > 0 ? stack.Pop() : new float[length];
        _rented.Add(buffer);
        return buffer;
    }

    /// <summary>
    /// The gradient buffer of <paramref name="tensor"/>. When the tensor had no gradient yet, the caller must
    /// overwrite the whole span (<paramref name="accumulate"/> is false); otherwise it must add to it.
    /// </summary>
    internal Span<float> GradientTarget(Tensor tensor, out bool accumulate)
    {
        if (tensor.HasGradient)
        {
            accumulate = true;
            return tensor.GradientBuffer.AsSpan(0, tensor.Length);
        }

        if (tensor.GradientBuffer is null || tensor.GradientBuffer.Length < tensor.Length)
        {
            tensor.AttachGradient(tensor.ArenaOwned ? Rent(tensor.Length) : new float[tensor.Length]);
        }

        tensor.HasGradient = true;
        accumulate = false;
        return tensor.GradientBuffer.AsSpan(0, tensor.Length);
    }
}

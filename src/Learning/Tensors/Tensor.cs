namespace OrleansFed.Learning.Tensors;

/// <summary>
/// A dense float32 tensor with a shape and contiguous row-major storage, plus an optional gradient of the
/// same shape. Tensors produced by a <see cref="Autograd.Tape"/> borrow their storage from the tape's arena and
/// stay valid until the tape is reset.
/// </summary>
public sealed class Tensor
{
    private readonly float[] _data;
    private readonly int[] _shape;
    private float[]? _grad;

    /// <summary>Creates a zero-filled tensor of the given shape.</summary>
    /// <param name="shape">The extent of each dimension; every extent must be positive.</param>
    public Tensor(params int[] shape)
        : this(new float[CheckedSize(shape)], shape)
    {
    }

    /// <summary>Wraps <paramref name="data"/> (not copied) as a tensor of the given shape.</summary>
    /// <param name="data">Storage; its length must equal the product of the shape.</param>
    /// <param name="shape">The extent of each dimension.</param>
    public Tensor(float[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        int size = CheckedSize(shape);
        if (data.Length < size)
        {
            throw new ArgumentException($"Storage of {data.Length} floats is too small for shape [{string.Join(',', shape)}].", nameof(data));
        }

        _data = data;
        _shape = (int[])shape.Clone();
        Length = size;
    }

    /// <summary>The extent of each dimension.</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <summary>Number of dimensions.</summary>
    public int Rank => _shape.Length;

    /// <summary>Number of elements.</summary>
    public int Length { get; }

    /// <summary>The elements, row-major.</summary>
    public Span<float> Data => _data.AsSpan(0, Length);

    /// <summary>Whether gradients flow into this tensor during <see cref="Autograd.Tape.Backward(Tensor)"/>.</summary>
    public bool RequiresGrad { get; set; }

    /// <summary>Whether <see cref="Gradient"/> currently holds a value (a gradient that was never written is zero).</summary>
    public bool HasGradient { get; internal set; }

    /// <summary>The accumulated gradient; all zeros when <see cref="HasGradient"/> is false.</summary>
    public ReadOnlySpan<float> Gradient => HasGradient && _grad is not null ? _grad.AsSpan(0, Length) : ZeroGradient();

    /// <summary>The extent of dimension <paramref name="dimension"/>.</summary>
    /// <param name="dimension">Index of the dimension.</param>
    /// <returns>The extent.</returns>
    public int Dim(int dimension) => _shape[dimension];

    /// <summary>Forgets the gradient (it reads as zero until written again); no memory is cleared.</summary>
    public void ClearGradient() => HasGradient = false;

    /// <summary>Writable gradient storage, allocated on first use; the caller decides whether it overwrites or adds.</summary>
    /// <returns>The gradient span of <see cref="Length"/> elements.</returns>
    public Span<float> GradientStorage()
    {
        _grad ??= new float[Length];
        return _grad.AsSpan(0, Length);
    }

    /// <summary>A new tensor of the same shape holding a copy of the data (no gradient).</summary>
    /// <returns>The copy.</returns>
    public Tensor Clone() => new((float[])Data.ToArray(), _shape);

    internal float[] Buffer => _data;

    internal bool ArenaOwned { get; init; }

    internal int[] ShapeArray => _shape;

    internal void AttachGradient(float[] storage) => _grad = storage;

    internal float[]? GradientBuffer => _grad;

    internal bool SameShape(Tensor other) => _shape.AsSpan().SequenceEqual(other._shape);

    internal string ShapeText => "[" + string.Join(',', _shape) + "]";

    internal static int CheckedSize(ReadOnlySpan<int> shape)
    {
        if (shape.Length == 0)
        {
            return 1;
        }

        long size = 1;
        foreach (int extent in shape)
        {
            if (extent <= 0)
            {
                throw new ArgumentException("Every tensor dimension must be positive.", nameof(shape));
            }

            size *= extent;
            if (size > int.MaxValue)
            {
                throw new ArgumentException("Tensor is too large.", nameof(shape));
            }
        }

        return (int)size;
    }

    private ReadOnlySpan<float> ZeroGradient()
    {
        _grad ??= new float[Length];
        if (!HasGradient)
        {
            _grad.AsSpan(0, Length).Clear();
        }

        return _grad.AsSpan(0, Length);
    }
}

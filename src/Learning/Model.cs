using OrleansFed.Learning.Autograd;
using OrleansFed.Learning.Layers;
using OrleansFed.Learning.Tensors;

namespace OrleansFed.Learning;

/// <summary>
/// A trainable network built from a <see cref="ModelSpec"/>. Its parameters flatten to one float vector in a
/// fixed order (layer by layer, weight then bias), which is what federated protocols exchange.
/// Training mutates the model; concurrent evaluations of an unchanging model are safe.
/// </summary>
public sealed class Model
{
    private readonly Tensor[] _parameters;

    private Model(ModelSpec spec, Sequential network)
    {
        Spec = spec;
        Network = network;
        _parameters = network.Parameters.ToArray();
        ParameterCount = _parameters.Sum(p => p.Length);
    }

    /// <summary>The architecture.</summary>
    public ModelSpec Spec { get; }

    /// <summary>The layers.</summary>
    public Sequential Network { get; }

    /// <summary>The trainable tensors in flattening order.</summary>
    public IReadOnlyList<Tensor> Parameters => _parameters;

    /// <summary>Total number of trainable values.</summary>
    public int ParameterCount { get; }

    /// <summary>Builds the network of <paramref name="spec"/> with reproducible initialisation.</summary>
    /// <param name="spec">The architecture.</param>
    /// <param name="seed">Initialisation seed; equal seeds give equal parameters.</param>
    /// <returns>The model.</returns>
    public static Model Create(ModelSpec spec, int seed)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new Model(spec, LayerFactory.Build(spec, seed));
    }

    /// <summary>Writes all parameters, flattened, into the first <see cref="ParameterCount"/> values of <paramref name="destination"/>.</summary>
    /// <param name="destination">At least <see cref="ParameterCount"/> values.</param>
    public void CopyParametersTo(Span<float> destination)
    {
        if (destination.Length < ParameterCount)
        {
            throw new ArgumentException($"Destination holds {destination.Length} values; the model has {ParameterCount}.", nameof(destination));
        }

        int offset = 0;
        foreach (Tensor p in _parameters)
        {
            p.Data.CopyTo(destination.Slice(offset));
            offset += p.Length;
        }
    }

    /// <summary>Replaces all parameters from a flattened vector.</summary>
    /// <param name="source">Exactly <see cref="ParameterCount"/> values.</param>
    public void LoadParameters(ReadOnlySpan<float> source)
    {
        if (source.Length != ParameterCount)
        {
            throw new ArgumentException($"Expected {ParameterCount} parameters, got {source.Length}.", nameof(source));
        }

        int offset = 0;
        foreach (Tensor p in _parameters)
        {
            source.Slice(offset, p.Length).CopyTo(p.Data);
            offset += p.Length;
        }
    }

    /// <summary>A copy of all parameters, flattened.</summary>
    /// <returns>A new array of <see cref="ParameterCount"/> values.</returns>
    public float[] GetParameters()
    {
        float[] values = new float[ParameterCount];
        CopyParametersTo(values);
        return values;
    }

    /// <summary>An independent model with the same spec and a copy of the parameters.</summary>
    /// <returns>The copy.</returns>
    public Model Clone()
    {
        Model copy = Create(Spec, 0);
        copy.LoadParameters(GetParameters());
        return copy;
    }

    /// <summary>Runs the network on a batch of flattened examples.</summary>
    /// <param name="tape">The tape to record on.</param>
    /// <param name="rows">count × <see cref="ModelSpec.InputSize"/> features, row-major (images channels-last).</param>
    /// <param name="count">Number of examples.</param>
    /// <returns>Class scores [count, classes].</returns>
    public Tensor Forward(Tape tape, ReadOnlySpan<float> rows, int count)
    {
        ArgumentNullException.ThrowIfNull(tape);
        Tensor input = NewInput(tape, count);
        if (rows.Length != input.Length)
        {
            throw new ArgumentException($"Expected {input.Length} features for {count} examples, got {rows.Length}.", nameof(rows));
        }

        rows.CopyTo(input.Data);
        return Network.Forward(tape, input);
    }

    /// <summary>
    /// A batch tensor for <paramref name="count"/> examples. Image specs are written (channels, height, width) but the
    /// engine stores images channels-last, so a [C, H, W] spec gives a [count, H, W, C] tensor (for one channel the
    /// memory order is the same as the flattened pixels).
    /// </summary>
    internal Tensor NewInput(Tape tape, int count)
    {
        IReadOnlyList<int> s = Spec.InputShape;
        int[] shape = s.Count == 3 ? [count, s[1], s[2], s[0]] : [count, .. s];
        return tape.NewTensor(shape);
    }
}

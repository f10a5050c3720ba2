using OrleansFed.Learning.Autograd;
using OrleansFed.Learning.Tensors;

namespace OrleansFed.Learning.Layers;

/// <summary>
/// Fully connected layer y = x·W + b. W is stored as [in, out]; initialisation follows PyTorch's default
/// (W and b uniform in ±1/√in).
/// </summary>
public sealed class Linear : Layer
{
    private readonly Tensor[] _parameters;

    /// <summary>Creates a layer with seeded initialisation.</summary>
    /// <param name="inputs">Input features.</param>
    /// <param name="outputs">Output features.</param>
    /// <param name="bias">Whether to add a bias.</param>
    /// <param name="seed">Initialisation seed.</param>
    public Linear(int inputs, int outputs, bool bias = true, int seed = 0)
        : this(inputs, outputs, bias, new DeterministicRandom(seed))
    {
    }

    internal Linear(int inputs, int outputs, bool bias, DeterministicRandom random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        Inputs = inputs;
        Outputs = outputs;
        Weight = new Tensor(inputs, outputs) { RequiresGrad = true };
        float bound = 1f / MathF.Sqrt(inputs);
        Initialise(Weight.Data, bound, random);
        if (bias)
        {
            Bias = new Tensor(outputs) { RequiresGrad = true };
            Initialise(Bias.Data, bound, random);
            _parameters = [Weight, Bias];
        }
        else
        {
            _parameters = [Weight];
        }
    }

    /// <summary>Input features.</summary>
    public int Inputs { get; }

    /// <summary>Output features.</summary>
    public int Outputs { get; }

    /// <summary>Weight [in, out].</summary>
    public Tensor Weight { get; }

    /// <summary>Bias [out], or null.</summary>
    public Tensor? Bias { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<Tensor> Parameters => _parameters;

    /// <inheritdoc/>
    public override Tensor Forward(Tape tape, Tensor input) => Forward(tape, input, Activation.None);

    /// <summary>Applies the layer with an activation fused into its output stage.</summary>
    /// <param name="tape">The recording tape.</param>
    /// <param name="input">Input [batch, in].</param>
    /// <param name="activation">The fused activation.</param>
    /// <returns>Output [batch, out].</returns>
    public Tensor Forward(Tape tape, Tensor input, Activation activation) => Ops.Linear(tape, input, Weight, Bias, activation);

    internal static void Initialise(Span<float> values, float bound, DeterministicRandom random)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = random.NextUniform(-bound, bound);
        }
    }
}

using OrleansFed.Learning.Autograd;

namespace OrleansFed.Learning.Layers;

/// <summary>
/// 2-D convolution layer over channels-last images [batch, H, W, Cin]. Weights [Cout, k, k, Cin] and bias [Cout] are
/// initialised as in PyTorch: uniform in ±1/√(Cin·k·k).
/// </summary>
public sealed class Conv2d : Layer
{
    private readonly Tensor[] _parameters;

    /// <summary>Creates a layer with seeded initialisation.</summary>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="kernelSize">Square kernel size.</param>
    /// <param name="stride">Stride.</param>
    /// <param name="padding">Zero padding on each side.</param>
    /// <param name="bias">Whether to add a bias.</param>
    /// <param name="seed">Initialisation seed.</param>
    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, bool bias = true, int seed = 0)
        : this(inChannels, outChannels, kernelSize, stride, padding, bias, new DeterministicRandom(seed))
    {
    }

    internal Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding, bool bias, DeterministicRandom random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(kernelSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        Stride = stride;
        Padding = padding;
        Weight = new Tensor(outChannels, kernelSize, kernelSize, inChannels) { RequiresGrad = true };
        float bound = 1f / MathF.Sqrt(inChannels * kernelSize * kernelSize);
        Linear.Initialise(Weight.Data, bound, random);
        if (bias)
        {
            Bias = new Tensor(outChannels) { RequiresGrad = true };
            Linear.Initialise(Bias.Data, bound, random);
            _parameters = [Weight, Bias];
        }
        else
        {
            _parameters = [Weight];
        }
    }

    /// <summary>Weight [Cout, k, k, Cin].</summary>
    public Tensor Weight { get; }

    /// <summary>Bias [Cout], or null.</summary>
    public Tensor? Bias { get; }

    /// <summary>Stride.</summary>
    public int Stride { get; }

    /// <summary>Zero padding on each side.</summary>
    public int Padding { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<Tensor> Parameters => _parameters;

    /// <inheritdoc/>
    public override Tensor Forward(Tape tape, Tensor input) => Forward(tape, input, Activation.None);

    /// <summary>Applies the layer with an activation fused into its output stage.</summary>
    /// <param name="tape">The recording tape.</param>
    /// <param name="input">Input [batch, H, W, Cin].</param>
    /// <param name="activation">The fused activation.</param>
    /// <returns>Output [batch, OH, OW, Cout].</returns>
    public Tensor Forward(Tape tape, Tensor input, Activation activation) =>
        Ops.Conv2d(tape, input, Weight, Bias, Stride, Padding, activation);

    /// <summary>Applies the layer, ReLU and max pooling as one fused operation (see <see cref="Ops.Conv2dReluMaxPool"/>).</summary>
    /// <param name="tape">The recording tape.</param>
    /// <param name="input">Input [batch, H, W, Cin].</param>
    /// <param name="pool">The pooling layer that follows the ReLU.</param>
    /// <returns>Pooled output [batch, PH, PW, Cout].</returns>
    public Tensor ForwardReluPool(Tape tape, Tensor input, MaxPool2d pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        return Ops.Conv2dReluMaxPool(tape, input, Weight, Bias, Stride, Padding, pool.KernelSize, pool.Stride);
    }
}

using System.Text.Json.Serialization;

namespace OrleansFed.Learning;

/// <summary>
/// One layer of a <see cref="ModelSpec"/>, as data. <see cref="Kind"/> names the layer; the other properties
/// are its sizes (only those the kind uses are set). Build instances with the static factories.
/// </summary>
public sealed record LayerSpec
{
    /// <summary>Kind name of a fully connected layer.</summary>
    public const string LinearKind = "linear";

    /// <summary>Kind name of a 2-D convolution.</summary>
    public const string Conv2dKind = "conv2d";

    /// <summary>Kind name of 2-D max pooling.</summary>
    public const string MaxPool2dKind = "maxpool2d";

    /// <summary>Kind name of ReLU.</summary>
    public const string ReluKind = "relu";

    /// <summary>Kind name of the ReLU clipped to [0, 1].</summary>
    public const string BoundedReluKind = "bounded_relu";

    /// <summary>Kind name of the logistic sigmoid.</summary>
    public const string SigmoidKind = "sigmoid";

    /// <summary>Kind name of tanh.</summary>
    public const string TanhKind = "tanh";

    /// <summary>Kind name of softmax over the last dimension.</summary>
    public const string SoftmaxKind = "softmax";

    /// <summary>Kind name of log-softmax over the last dimension.</summary>
    public const string LogSoftmaxKind = "log_softmax";

    /// <summary>Kind name of dropout.</summary>
    public const string DropoutKind = "dropout";

    /// <summary>Kind name of flattening to [batch, features].</summary>
    public const string FlattenKind = "flatten";

    /// <summary>The layer kind (one of the <c>…Kind</c> constants).</summary>
    [JsonPropertyName("kind")]
    public required string Kind { get; init; }

    /// <summary>Input features of a linear layer.</summary>
    [JsonPropertyName("inputs")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Inputs { get; init; }

    /// <summary>Output features of a linear layer.</summary>
    [JsonPropertyName("outputs")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Outputs { get; init; }

    /// <summary>Input channels of a convolution.</summary>
    [JsonPropertyName("in_channels")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? InChannels { get; init; }

    /// <summary>Output channels of a convolution.</summary>
    [JsonPropertyName("out_channels")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? OutChannels { get; init; }

    /// <summary>Square kernel (window) size of a convolution or pooling layer.</summary>
    [JsonPropertyName("kernel_size")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? KernelSize { get; init; }

    /// <summary>Stride of a convolution (default 1) or pooling layer (default: the kernel size).</summary>
    [JsonPropertyName("stride")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Stride { get; init; }

    /// <summary>Zero padding of a convolution on each side (default 0).</summary>
    [JsonPropertyName("padding")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Padding { get; init; }

    /// <summary>Drop probability of a dropout layer.</summary>
    [JsonPropertyName("probability")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Probability { get; init; }

    /// <summary>Whether a linear or convolution layer has a bias (default true).</summary>
    [JsonPropertyName("bias")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Bias { get; init; }

    /// <summary>A fully connected layer.</summary>
    /// <param name="inputs">Input features.</param>
    /// <param name="outputs">Output features.</param>
    /// <param name="bias">Whether the layer has a bias.</param>
    /// <returns>The spec.</returns>
    public static LayerSpec Linear(int inputs, int outputs, bool bias = true) =>
        new() { Kind = LinearKind, Inputs = inputs, Outputs = outputs, Bias = bias ? null : false };

    /// <summary>A 2-D convolution over [channels, height, width] inputs.</summary>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="kernelSize">Square kernel size.</param>
    /// <param name="stride">Stride.</param>
    /// <param name="padding">Zero padding on each side.</param>
    /// <param name="bias">Whether the layer has a bias.</param>
    /// <returns>The spec.</returns>
    public static LayerSpec Conv2d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, bool bias = true) =>
        new()
        {
            Kind = Conv2dKind, InChannels = inChannels, OutChannels = outChannels, KernelSize = kernelSize,
            Stride = stride == 1 ? null : stride, Padding = padding == 0 ? null : padding, Bias = bias ? null : false,
        };

    /// <summary>2-D max pooling.</summary>
    /// <param name="kernelSize">Square window size.</param>
    /// <param name="stride">Stride (defaults to the window size).</param>
    /// <returns>The spec.</returns>
    public static LayerSpec MaxPool2d(int kernelSize, int? stride = null) =>
        new() { Kind = MaxPool2dKind, KernelSize = kernelSize, Stride = stride == kernelSize ? null : stride };

    /// <summary>ReLU.</summary>
    /// <returns>The spec.</returns>
    public static LayerSpec Relu() => new() { Kind = ReluKind };

    /// <summary>ReLU clipped to [0, 1].</summary>
    /// <returns>The spec.</returns>
    public static LayerSpec BoundedRelu() => new() { Kind = BoundedReluKind };

    /// <summary>Logistic sigmoid.</summary>
    /// <returns>The spec.</returns>
    public static LayerSpec Sigmoid() => new() { Kind = SigmoidKind };

    /// <summary>tanh.</summary>
    /// <returns>The spec.</returns>
    public static LayerSpec Tanh() => new() { Kind = TanhKind };

    /// <summary>Softmax over the last dimension.</summary>
    /// <returns>The spec.</returns>
    public static LayerSpec Softmax() => new() { Kind = SoftmaxKind };

    /// <summary>Log-softmax over the last dimension.</summary>
    /// <returns>The spec.</returns>
    public static LayerSpec LogSoftmax() => new() { Kind = LogSoftmaxKind };

    /// <summary>Dropout (active only while training).</summary>
    /// <param name="probability">Drop probability in [0, 1).</param>
    /// <returns>The spec.</returns>
    public static LayerSpec Dropout(double probability) => new() { Kind = DropoutKind, Probability = probability };

    /// <summary>Flattens [batch, …] to [batch, features].</summary>
    /// <returns>The spec.</returns>
    public static LayerSpec Flatten() => new() { Kind = FlattenKind };

    /// <summary>The per-example output shape for a per-example input shape; throws when they do not fit.</summary>
    /// <param name="input">Per-example input shape (without the batch dimension).</param>
    /// <returns>Per-example output shape.</returns>
    public int[] OutputShape(ReadOnlySpan<int> input)
    {
        switch (Kind)
        {
            case LinearKind:
                Require(Inputs is > 0 && Outputs is > 0, "linear needs positive inputs and outputs");
                Require(input.Length == 1 && input[0] == Inputs, $"linear expects [{Inputs}] but receives [{string.Join(',', input.ToArray())}]");
                return [Outputs!.Value];
            case Conv2dKind:
            {
                Require(InChannels is > 0 && OutChannels is > 0 && KernelSize is > 0, "conv2d needs positive channels and kernel size");
                int stride = Stride ?? 1, padding = Padding ?? 0;
                Require(stride > 0 && padding >= 0, "conv2d needs stride > 0 and padding >= 0");
                Require(input.Length == 3 && input[0] == InChannels, $"conv2d expects [{InChannels},H,W] but receives [{string.Join(',', input.ToArray())}]");
                int h = ((input[1] + (2 * padding) - KernelSize!.Value) / stride) + 1;
                int w = ((input[2] + (2 * padding) - KernelSize.Value) / stride) + 1;
                Require(input[1] + (2 * padding) >= KernelSize && input[2] + (2 * padding) >= KernelSize, "conv2d kernel is larger than its padded input");
                return [OutChannels!.Value, h, w];
            }

            case MaxPool2dKind:
            {
                Require(KernelSize is > 0, "maxpool2d needs a positive kernel size");
                int stride = Stride ?? KernelSize!.Value;
                Require(stride > 0, "maxpool2d needs stride > 0");
                Require(input.Length == 3 && input[1] >= KernelSize && input[2] >= KernelSize, $"maxpool2d expects [C,H,W] with H,W >= {KernelSize}");
                return [input[0], ((input[1] - KernelSize!.Value) / stride) + 1, ((input[2] - KernelSize.Value) / stride) + 1];
            }

            case FlattenKind:
            {
                int size = 1;
                foreach (int d in input)
                {
                    size *= d;
                }

                return [size];
            }

            case DropoutKind:
                Require(Probability is >= 0 and < 1, "dropout needs a probability in [0, 1)");
                return input.ToArray();
            case ReluKind or BoundedReluKind or SigmoidKind or TanhKind or SoftmaxKind or LogSoftmaxKind:
                return input.ToArray();
            default:
                throw new ArgumentException($"Unknown layer kind '{Kind}'.");
        }
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException($"Invalid layer: {message}.");
        }
    }
}

using System.Text.Json.Serialization;

namespace OrleansFed.Learning;

/// <summary>
/// A network described as data: a per-example input shape and a stack of layers applied in order. Immutable
/// and round-trippable through System.Text.Json; two specs are equal when their name, input shape and layers are.
/// Image shapes are written (channels, height, width) as in PyTorch; the engine stores images channels-last, so an
/// example's features are height×width×channels values and Flatten emits them in that order.
/// </summary>
public sealed record ModelSpec
{
    private readonly int[] _inputShape;
    private readonly LayerSpec[] _layers;

    /// <summary>Creates and validates a spec (every layer must accept the shape its predecessor produces).</summary>
    /// <param name="name">A short name, e.g. "mlp".</param>
    /// <param name="inputShape">Per-example input shape, e.g. [784] or [1, 28, 28].</param>
    /// <param name="layers">The layers, first to last; the last one must produce a vector of class scores.</param>
    [JsonConstructor]
    public ModelSpec(string name, IReadOnlyList<int> inputShape, IReadOnlyList<LayerSpec> layers)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(inputShape);
        ArgumentNullException.ThrowIfNull(layers);
        if (inputShape.Count == 0 || inputShape.Any(d => d <= 0))
        {
            throw new ArgumentException("The input shape must have positive extents.", nameof(inputShape));
        }

        if (layers.Count == 0 || layers.Any(l => l is null))
        {
            throw new ArgumentException("A model needs at least one layer.", nameof(layers));
        }

        Name = name;
        _inputShape = inputShape.ToArray();
        _layers = layers.ToArray();
        int[] shape = _inputShape;
        foreach (LayerSpec layer in _layers)
        {
            shape = layer.OutputShape(shape);
        }

        if (shape.Length != 1)
        {
            throw new ArgumentException($"The last layer must produce a vector of class scores, not [{string.Join(',', shape)}].", nameof(layers));
        }

        Classes = shape[0];
        InputSize = _inputShape.Aggregate(1, (a, b) => a * b);
    }

    /// <summary>Short name of the architecture.</summary>
    [JsonPropertyName("name")]
    public string Name { get; }

    /// <summary>Per-example input shape.</summary>
    [JsonPropertyName("input_shape")]
    public IReadOnlyList<int> InputShape => _inputShape;

    /// <summary>The layers, first to last.</summary>
    [JsonPropertyName("layers")]
    public IReadOnlyList<LayerSpec> Layers => _layers;

    /// <summary>Number of input features per example (the product of <see cref="InputShape"/>).</summary>
    [JsonPropertyName("input_size")]
    public int InputSize { get; }

    /// <summary>Number of output classes.</summary>
    [JsonPropertyName("classes")]
    public int Classes { get; }

    /// <summary>Multinomial logistic regression: one linear layer.</summary>
    /// <param name="inputs">Input features.</param>
    /// <param name="classes">Classes.</param>
    /// <returns>The spec named "logreg".</returns>
    public static ModelSpec LogisticRegression(int inputs = 784, int classes = 10) =>
        new("logreg", [inputs], [LayerSpec.Linear(inputs, classes)]);

    /// <summary>Linear → ReLU → Linear.</summary>
    /// <param name="inputs">Input features.</param>
    /// <param name="hidden">Hidden units.</param>
    /// <param name="classes">Classes.</param>
    /// <returns>The spec named "mlp".</returns>
    public static ModelSpec Mlp(int inputs = 784, int hidden = 128, int classes = 10) =>
        new("mlp", [inputs], [LayerSpec.Linear(inputs, hidden), LayerSpec.Relu(), LayerSpec.Linear(hidden, classes)]);

    /// <summary>
    /// The benchmark CNN over 1×28×28 images: Conv(1→16, 5) → ReLU → MaxPool(2) → Conv(16→32, 5) → ReLU →
    /// MaxPool(2) → Flatten → Linear(512→128) → ReLU → Linear(128→10).
    /// </summary>
    /// <returns>The spec named "cnn".</returns>
    public static ModelSpec Cnn() =>
        new("cnn", [1, 28, 28],
        [
            LayerSpec.Conv2d(1, 16, 5), LayerSpec.Relu(), LayerSpec.MaxPool2d(2),
            LayerSpec.Conv2d(16, 32, 5), LayerSpec.Relu(), LayerSpec.MaxPool2d(2),
            LayerSpec.Flatten(), LayerSpec.Linear(512, 128), LayerSpec.Relu(), LayerSpec.Linear(128, 10),
        ]);

    /// <summary>The named architecture: "logreg", "mlp" or "cnn" (MNIST sizes).</summary>
    /// <param name="name">The name (case-insensitive).</param>
    /// <returns>The spec.</returns>
    public static ModelSpec Parse(string name) =>
        name?.Trim().ToUpperInvariant() switch
        {
            "LOGREG" => LogisticRegression(),
            "MLP" => Mlp(),
            "CNN" => Cnn(),
            _ => throw new ArgumentException($"Unknown model '{name}'; expected logreg, mlp or cnn.", nameof(name)),
        };

    /// <inheritdoc/>
    public bool Equals(ModelSpec? other) =>
        other is not null && Name == other.Name && _inputShape.AsSpan().SequenceEqual(other._inputShape) && _layers.AsSpan().SequenceEqual(other._layers);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Name);
        foreach (int d in _inputShape)
        {
            hash.Add(d);
        }

        foreach (LayerSpec layer in _layers)
        {
            hash.Add(layer);
        }

        return hash.ToHashCode();
    }
}

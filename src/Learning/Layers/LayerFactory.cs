namespace OrleansFed.Learning.Layers;

/// <summary>Builds layers from their <see cref="LayerSpec"/> with seeded initialisation.</summary>
internal static class LayerFactory
{
    public static Sequential Build(ModelSpec spec, int seed)
    {
        var random = new DeterministicRandom(seed, stream: 0x1A7E);
        var layers = new Layer[spec.Layers.Count];
        for (int i = 0; i < layers.Length; i++)
        {
            layers[i] = Build(spec.Layers[i], random, seed, i);
        }

        return new Sequential(layers);
    }

    private static Layer Build(LayerSpec layer, DeterministicRandom random, int seed, int index) =>
        layer.Kind switch
        {
            LayerSpec.LinearKind => new Linear(layer.Inputs!.Value, layer.Outputs!.Value, layer.Bias ?? true, random),
            LayerSpec.Conv2dKind => new Conv2d(layer.InChannels!.Value, layer.OutChannels!.Value, layer.KernelSize!.Value, layer.Stride ?? 1, layer.Padding ?? 0, layer.Bias ?? true, random),
            LayerSpec.MaxPool2dKind => new MaxPool2d(layer.KernelSize!.Value, layer.Stride),
            LayerSpec.ReluKind => new Relu(),
            LayerSpec.BoundedReluKind => new BoundedRelu(),
            LayerSpec.SigmoidKind => new Sigmoid(),
            LayerSpec.TanhKind => new Tanh(),
            LayerSpec.SoftmaxKind => new Softmax(),
            LayerSpec.LogSoftmaxKind => new LogSoftmax(),
            LayerSpec.FlattenKind => new Flatten(),
            LayerSpec.DropoutKind => new Dropout((float)layer.Probability!.Value, new DeterministicRandom(seed, stream: 0xD209 + index)),
            _ => throw new ArgumentException($"Unknown layer kind '{layer.Kind}'."),
        };
}

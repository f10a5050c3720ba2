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
            LayerSpec.ReluKind => new Relu(),
            _ => throw new NotSupportedException($"Layer kind '{layer.Kind}' is not supported yet."),
        };
}

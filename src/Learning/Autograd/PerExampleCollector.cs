namespace OrleansFed.Learning.Autograd;

/// <summary>
/// One parameterised operation's per-example gradients, kept in a factored form (for example the saved input
/// and output gradient of a Linear layer) so that norms and clipped sums are computed without materialising
/// a gradient per example where the layer allows it.
/// </summary>
internal interface IPerExampleGradient
{
    /// <summary>Adds each example's squared L2 gradient norm (over this operation's parameters) into <paramref name="squaredNorms"/>.</summary>
    void AddSquaredNorms(Span<float> squaredNorms);

    /// <summary>Adds Σ_i scale[i]·g_i into the parameters' gradients.</summary>
    void AccumulateScaled(ReadOnlySpan<float> scale, Tape tape);
}

/// <summary>Collects the per-example gradient contributions of one backward pass (DP-SGD).</summary>
internal sealed class PerExampleCollector(int batchSize)
{
    private readonly List<IPerExampleGradient> _items = new();

    public int BatchSize { get; } = batchSize;

    public IReadOnlyList<IPerExampleGradient> Items => _items;

    public void Add(IPerExampleGradient item) => _items.Add(item);

    public void Clear() => _items.Clear();
}

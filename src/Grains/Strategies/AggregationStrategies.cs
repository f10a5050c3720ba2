namespace OrleansFed.Grains.Strategies;

/// <summary>The registered strategies, looked up by protocol name (case-insensitive).</summary>
public sealed class AggregationStrategies
{
    private readonly Dictionary<string, IAggregationStrategy> _byName;

    /// <summary>Indexes the strategies registered in DI.</summary>
    /// <param name="strategies">Every registered <see cref="IAggregationStrategy"/>.</param>
    public AggregationStrategies(IEnumerable<IAggregationStrategy> strategies)
    {
        _byName = new Dictionary<string, IAggregationStrategy>(StringComparer.OrdinalIgnoreCase);
        foreach (var strategy in strategies)
        {
            _byName.TryAdd(strategy.Name, strategy);
        }
    }

    /// <summary>Names of the registered protocols.</summary>
    public IReadOnlyCollection<string> Names => _byName.Keys;

    /// <summary>Finds a strategy.</summary>
    /// <param name="protocol">Protocol name.</param>
    /// <param name="strategy">The strategy, when found.</param>
    /// <returns><see langword="true"/> if registered.</returns>
    public bool TryGet(string protocol, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IAggregationStrategy? strategy) =>
        _byName.TryGetValue(protocol, out strategy);

    /// <summary>Gets a strategy.</summary>
    /// <param name="protocol">Protocol name.</param>
    /// <returns>The strategy.</returns>
    /// <exception cref="KeyNotFoundException">No strategy with that name is registered.</exception>
    public IAggregationStrategy Get(string protocol) => TryGet(protocol, out var strategy)
        ? strategy
        : throw new KeyNotFoundException($"No aggregation strategy named '{protocol}' is registered.");
}

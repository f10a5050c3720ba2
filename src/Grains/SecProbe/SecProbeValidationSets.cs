using System.Collections.Concurrent;
using OrleansFed.Interfaces.Errors;
using OrleansFed.Learning;
using OrleansFed.Learning.SecProbe;

namespace OrleansFed.Grains.SecProbe;

/// <summary>
/// The silo's named validation sets, read from IDX files on first use and kept in memory, and the validators built on
/// them: one per (set, hidden units), scoring by accuracy. The files are the operator's; a file that does not parse is a
/// server-side error (<see cref="InvalidDataException"/>), an unknown name is the caller's
/// (<see cref="InvalidRequestException"/>).
/// </summary>
public sealed class SecProbeValidationSets : ISecProbeValidationSets, ISecProbeValidatorResolver
{
    private readonly IReadOnlyDictionary<string, SecProbeValidationSetOptions> _sources;
    private readonly ConcurrentDictionary<string, Lazy<Dataset>> _data = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Set, int Hidden), ISecProbeValidator> _validators = new();

    /// <summary>Creates the catalog.</summary>
    /// <param name="sources">Name → files.</param>
    public SecProbeValidationSets(IReadOnlyDictionary<string, SecProbeValidationSetOptions> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        _sources = new Dictionary<string, SecProbeValidationSetOptions>(sources, StringComparer.Ordinal);
        Names = [.. _sources.Keys.Order(StringComparer.Ordinal)];
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Names { get; }

    /// <summary>The network a campaign on <paramref name="data"/> with <paramref name="hidden"/> units trains.</summary>
    /// <param name="data">The validation set (its feature and class counts).</param>
    /// <param name="hidden">Hidden units.</param>
    /// <returns>The network.</returns>
    public static SecProbeNetwork Network(Dataset data, int hidden)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new SecProbeNetwork(data.FeatureCount, hidden, data.ClassCount, SecProbeNetwork.UnitL1FeatureScale(hidden));
    }

    /// <inheritdoc />
    public Dataset Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!_sources.TryGetValue(name, out var source))
        {
            throw new InvalidRequestException(Names.Count == 0
                ? $"No SecProbe validation set named '{name}': this silo has none configured (Silo:SecProbeValidationSets)."
                : $"No SecProbe validation set named '{name}'; this silo has: {string.Join(", ", Names)}.");
        }

        return _data.GetOrAdd(name, _ => new Lazy<Dataset>(() => Load(source))).Value;
    }

    /// <inheritdoc />
    public ISecProbeValidator Resolve(SecProbeRoundSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.ValidationSet is not { } name)
        {
            throw new InvalidRequestException("A SecProbe round on this silo must name its validation set.");
        }

        if (spec.Hidden < 1)
        {
            throw new InvalidRequestException("A SecProbe round must give the network's hidden units (at least 1).");
        }

        var data = Get(name);
        return _validators.GetOrAdd((name, spec.Hidden), key => new ClassificationValidator(Network(data, key.Hidden), data));
    }

    /// <summary>Reads one set: IDX images scaled to [0, 1] and IDX labels below the class count.</summary>
    /// <param name="source">The files.</param>
    /// <returns>The data.</returns>
    /// <exception cref="InvalidDataException">The files do not parse, disagree in length or hold a label out of range.</exception>
    public static Dataset Load(SecProbeValidationSetOptions source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var (count, rows, columns, pixels) = IdxReader.ReadImages(source.Images);
        var labelBytes = IdxReader.ReadLabels(source.Labels);
        if (labelBytes.Length != count)
        {
            throw new InvalidDataException($"{source.Images} holds {count} images but {source.Labels} holds {labelBytes.Length} labels.");
        }

        int take = source.Count is { } limit ? Math.Min(limit, count) : count;
        if (take < 1)
        {
            throw new InvalidDataException($"The validation set {source.Images} holds no tuples.");
        }

        int features = rows * columns;
        var values = new float[take * features];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = pixels[i] / 255f;
        }

        var labels = new int[take];
        for (int i = 0; i < take; i++)
        {
            labels[i] = labelBytes[i];
            if (labels[i] >= source.Classes)
            {
                throw new InvalidDataException($"{source.Labels}: label {labels[i]} at index {i} is not below {source.Classes}.");
            }
        }

        return new Dataset(values, labels, features, source.Classes);
    }
}
